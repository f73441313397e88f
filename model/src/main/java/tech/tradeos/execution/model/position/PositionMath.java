package tech.tradeos.execution.model.position;

import java.math.BigDecimal;
import tech.tradeos.execution.model.ClosedTrade;
import tech.tradeos.execution.model.Decimals;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.Side;

/**
 * How a fill changes a position. Adding to a position re-averages the entry; reducing it realizes
 * (exit − entry)·closed·direction minus the closing fee's share and the closed quantity's entry fees;
 * a fill larger than the position closes it and opens the rest the other way at the fill price.
 * Divisions (average entry, fee shares) keep {@value Decimals#DIVISION_SCALE} places.
 */
public final class PositionMath {
    private PositionMath() {
    }

    /** The position after {@code fill}, and the trade it closed (null when it only added). */
    public record Applied(Position position, ClosedTrade closed) {
    }

    public static Applied apply(Position held, Fill fill) {
        BigDecimal q = held.quantity();
        BigDecimal d = fill.side() == Side.BUY ? fill.quantity() : fill.quantity().negate();
        BigDecimal price = fill.price();
        BigDecimal fee = fill.fee();
        long version = held.version() + 1;
        if (q.signum() == 0 || q.signum() == d.signum()) {
            BigDecimal next = q.add(d);
            BigDecimal avg = Decimals.divide(q.abs().multiply(held.avgEntry()).add(d.abs().multiply(price)), next.abs());
            String signal = q.signum() == 0 ? fill.signalType() : held.signalType();
            // a position opened from flat starts with no open funding: what a flat record kept was realized before
            BigDecimal openFunding = q.signum() == 0 ? BigDecimal.ZERO : held.openFunding();
            Position p = new Position(held.instrument(), held.venue(), next, avg, held.realizedPnl(),
                    held.entryFees().add(fee), Position.statusOf(next, held.pendingOrders()), signal,
                    held.pendingOrders(), version, fill.filledAt(), held.funding(), openFunding);
            return new Applied(p, null);
        }
        BigDecimal closedQty = q.abs().min(d.abs());
        BigDecimal direction = BigDecimal.valueOf(q.signum());
        BigDecimal gross = price.subtract(held.avgEntry()).multiply(closedQty).multiply(direction);
        BigDecimal closingFee = Decimals.divide(fee.multiply(closedQty), d.abs());
        BigDecimal entryFee = Decimals.divide(held.entryFees().multiply(closedQty), q.abs());
        BigDecimal pnl = Decimals.clean(gross.subtract(closingFee).subtract(entryFee));
        BigDecimal fundingShare = closedQty.compareTo(q.abs()) == 0 ? held.openFunding()
                : Decimals.divide(held.openFunding().multiply(closedQty), q.abs());
        BigDecimal next = q.add(d);
        Position p;
        if (next.signum() == 0) {
            p = new Position(held.instrument(), held.venue(), BigDecimal.ZERO, BigDecimal.ZERO,
                    held.realizedPnl().add(pnl), BigDecimal.ZERO, Position.statusOf(next, held.pendingOrders()),
                    held.signalType(), held.pendingOrders(), version, fill.filledAt(), held.funding(), BigDecimal.ZERO);
        } else if (next.signum() == q.signum()) {
            p = new Position(held.instrument(), held.venue(), next, held.avgEntry(), held.realizedPnl().add(pnl),
                    Decimals.clean(held.entryFees().subtract(entryFee)), Position.statusOf(next, held.pendingOrders()),
                    held.signalType(), held.pendingOrders(), version, fill.filledAt(), held.funding(),
                    Decimals.clean(held.openFunding().subtract(fundingShare)));
        } else {
            // flipped: the rest of the fill opens the other way, carrying the rest of its fee and no funding yet
            p = new Position(held.instrument(), held.venue(), next, price, held.realizedPnl().add(pnl),
                    Decimals.clean(fee.subtract(closingFee)), Position.statusOf(next, held.pendingOrders()),
                    fill.signalType(), held.pendingOrders(), version, fill.filledAt(), held.funding(), BigDecimal.ZERO);
        }
        ClosedTrade trade = new ClosedTrade(fill.fillId(), held.instrument(), held.venue(), held.signalType(), closedQty,
                held.avgEntry(), price, pnl, fill.filledAt(), Decimals.clean(fundingShare));
        return new Applied(p, trade);
    }

    /**
     * {@code held} after a funding payment of {@code amount} (received positive, paid negative) booked at {@code at}:
     * it adds to the cumulative funding and, while the position is open, to the funding its closes will realize.
     */
    public static Position applyFunding(Position held, BigDecimal amount, java.time.Instant at) {
        BigDecimal open = held.isOpen() ? Decimals.clean(held.openFunding().add(amount)) : held.openFunding();
        java.time.Instant updated = held.updatedAt() == null || at.isAfter(held.updatedAt()) ? at : held.updatedAt();
        return new Position(held.instrument(), held.venue(), held.quantity(), held.avgEntry(), held.realizedPnl(),
                held.entryFees(), held.status(), held.signalType(), held.pendingOrders(), held.version() + 1, updated,
                Decimals.clean(held.funding().add(amount)), open);
    }
}
