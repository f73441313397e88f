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
            Position p = new Position(held.instrument(), held.venue(), next, avg, held.realizedPnl(),
                    held.entryFees().add(fee), Position.statusOf(next, held.pendingOrders()), signal,
                    held.pendingOrders(), version, fill.filledAt());
            return new Applied(p, null);
        }
        BigDecimal closedQty = q.abs().min(d.abs());
        BigDecimal direction = BigDecimal.valueOf(q.signum());
        BigDecimal gross = price.subtract(held.avgEntry()).multiply(closedQty).multiply(direction);
        BigDecimal closingFee = Decimals.divide(fee.multiply(closedQty), d.abs());
        BigDecimal entryFee = Decimals.divide(held.entryFees().multiply(closedQty), q.abs());
        BigDecimal pnl = Decimals.clean(gross.subtract(closingFee).subtract(entryFee));
        BigDecimal next = q.add(d);
        Position p;
        if (next.signum() == 0) {
            p = new Position(held.instrument(), held.venue(), BigDecimal.ZERO, BigDecimal.ZERO,
                    held.realizedPnl().add(pnl), BigDecimal.ZERO, Position.statusOf(next, held.pendingOrders()),
                    held.signalType(), held.pendingOrders(), version, fill.filledAt());
        } else if (next.signum() == q.signum()) {
            p = new Position(held.instrument(), held.venue(), next, held.avgEntry(), held.realizedPnl().add(pnl),
                    Decimals.clean(held.entryFees().subtract(entryFee)), Position.statusOf(next, held.pendingOrders()),
                    held.signalType(), held.pendingOrders(), version, fill.filledAt());
        } else {
            // flipped: the rest of the fill opens the other way, carrying the rest of its fee
            p = new Position(held.instrument(), held.venue(), next, price, held.realizedPnl().add(pnl),
                    Decimals.clean(fee.subtract(closingFee)), Position.statusOf(next, held.pendingOrders()),
                    fill.signalType(), held.pendingOrders(), version, fill.filledAt());
        }
        ClosedTrade trade = new ClosedTrade(fill.fillId(), held.instrument(), held.venue(), held.signalType(), closedQty,
                held.avgEntry(), price, pnl, fill.filledAt());
        return new Applied(p, trade);
    }
}
