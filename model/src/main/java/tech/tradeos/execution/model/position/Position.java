package tech.tradeos.execution.model.position;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A position on one venue in one instrument (docs/README.md §Positions), authoritative in PostgreSQL.
 *
 * @param quantity     signed base quantity: positive long, negative short, zero flat
 * @param avgEntry     average entry price of the open quantity (zero when flat)
 * @param realizedPnl  cumulative realized P&L net of the fees of both sides
 * @param entryFees    fees paid to open the quantity still open, charged to P&L as it closes
 * @param signalType   the signal that opened the position (P&L is attributed to it)
 * @param pendingOrders routed orders on this position whose fill has not been recorded
 * @param version      increases with every change; the cache keeps the highest
 * @param funding      cumulative funding P&L booked on this (instrument, venue): received positive, paid negative;
 *                     apart from {@code realizedPnl}, which is trading P&L only
 * @param openFunding  the part of {@code funding} booked while the quantity still open was held, realized into the
 *                     closed trades' funding as it closes (zero when flat)
 */
public record Position(String instrument, String venue, BigDecimal quantity, BigDecimal avgEntry,
                       BigDecimal realizedPnl, BigDecimal entryFees, PositionStatus status, String signalType,
                       int pendingOrders, long version, Instant updatedAt, BigDecimal funding, BigDecimal openFunding) {

    public Position {
        funding = funding == null ? BigDecimal.ZERO : funding; // written before funding was booked
        openFunding = openFunding == null ? BigDecimal.ZERO : openFunding;
    }

    /** This position with {@code pending} orders awaiting their fills (and the status that follows), one version on. */
    public Position withPending(int pending) {
        int n = Math.max(0, pending);
        return new Position(instrument, venue, quantity, avgEntry, realizedPnl, entryFees, statusOf(quantity, n),
                signalType, n, version + 1, updatedAt, funding, openFunding);
    }

    public static Position flat(String instrument, String venue) {
        return new Position(instrument, venue, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                PositionStatus.CLOSED, null, 0, 0, null, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    public boolean isOpen() {
        return quantity.signum() != 0;
    }

    /** OPEN or CLOSED from the quantity, UNCONFIRMED while an order awaits its fill. */
    public static PositionStatus statusOf(BigDecimal quantity, int pendingOrders) {
        if (pendingOrders > 0) {
            return PositionStatus.UNCONFIRMED;
        }
        return quantity.signum() == 0 ? PositionStatus.CLOSED : PositionStatus.OPEN;
    }
}
