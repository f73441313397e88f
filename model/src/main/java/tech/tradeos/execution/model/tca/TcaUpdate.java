package tech.tradeos.execution.model.tca;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the TCA monitor publishes per fill to {@code execution.tca} (key: signal type): the fill's own
 * figures, its signal type's totals and the session's performance.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TcaUpdate(String signalType, FillTca fill, SignalStats signal, SessionStats session, Instant at) {

    public record FillTca(String fillId, String orderId, String venue, BigDecimal slippageBps, BigDecimal arrivalShortfallBps) {
    }

    /** Per signal type: trades closed (positions it opened), wins (net P&L > 0), P&L, average slippage of its fills. */
    public record SignalStats(String signalType, long fills, long closedTrades, long wins, Double winRate,
                              BigDecimal realizedPnl, BigDecimal avgSlippageBps) {
    }

    /** The session's equity curve and the ratios docs/README.md §TCA defines; null where undefined. */
    public record SessionStats(BigDecimal startingEquity, BigDecimal equity, Duration returnPeriod, int periods,
                               Double sharpe, Double sortino, double maxDrawdown, List<BigDecimal> equityCurve) {
    }

    /** What {@code GET /tca} serves. */
    public record Snapshot(List<SignalStats> signals, SessionStats session, Instant at) {
    }
}
