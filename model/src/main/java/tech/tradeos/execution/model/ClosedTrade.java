package tech.tradeos.execution.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The part of a position a fill closed: its realized trading P&L net of the closing fee share and of the
 * entry fees of the closed quantity, attributed to the signal that opened the position; {@code funding} is the
 * closed quantity's share of the funding booked while it was held (received positive), kept apart.
 */
public record ClosedTrade(String fillId, String instrument, String venue, String signalType, BigDecimal quantity,
                          BigDecimal entryPrice, BigDecimal exitPrice, BigDecimal realizedPnl, Instant closedAt,
                          BigDecimal funding) {
    public ClosedTrade {
        funding = funding == null ? BigDecimal.ZERO : funding;
    }

    /** A win: trading P&L and funding together positive. */
    public boolean win() {
        return realizedPnl.add(funding).signum() > 0;
    }
}
