package tech.tradeos.execution.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The part of a position a fill closed: its realized P&L net of the closing fee share and of the
 * entry fees of the closed quantity, attributed to the signal that opened the position.
 */
public record ClosedTrade(String fillId, String instrument, String venue, String signalType, BigDecimal quantity,
                          BigDecimal entryPrice, BigDecimal exitPrice, BigDecimal realizedPnl, Instant closedAt) {
    public boolean win() {
        return realizedPnl.signum() > 0;
    }
}
