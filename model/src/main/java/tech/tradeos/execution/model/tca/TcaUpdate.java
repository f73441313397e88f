package tech.tradeos.execution.model.tca;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tech.tradeos.execution.model.Mode;

/**
 * What the TCA monitor publishes per fill to {@code execution.tca} (key: signal type): the fill's own
 * figures, its signal type's totals and the session's performance.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TcaUpdate(String signalType, FillTca fill, SignalStats signal, SessionStats session, Instant at) {

    public record FillTca(String fillId, String orderId, String venue, BigDecimal slippageBps, BigDecimal arrivalShortfallBps) {
    }

    /**
     * Per signal type: trades closed (positions it opened), wins (trading P&L + funding > 0), trading P&L, funding
     * booked on its positions (received positive), average slippage of its fills, and what the SOR saved against the
     * static priority list over its routed orders (USD, and bps of their notional).
     */
    public record SignalStats(String signalType, long fills, long closedTrades, long wins, Double winRate,
                              BigDecimal realizedPnl, BigDecimal funding, BigDecimal avgSlippageBps, long routedOrders,
                              BigDecimal expectedSavings, BigDecimal expectedSavingsBps) {
    }

    /**
     * Per venue the SOR chose: its routed orders and their notional, the savings against the static priority
     * list, the carry the router expected on them (a cost: positive paid) and the funding booked there (received
     * positive: carry paid is its negative), its fills' average slippage vs the expected VWAP and shortfall vs
     * the arrival mid (bps, positive = worse), and their average markouts 1 s, 10 s and 60 s after (bps, positive =
     * the market moved in the fill's favour; null where none was measured).
     */
    public record VenueStats(String venue, long routedOrders, BigDecimal notionalUsd, BigDecimal expectedSavings,
                             BigDecimal expectedSavingsBps, BigDecimal expectedCarry, BigDecimal funding, long fills,
                             BigDecimal avgSlippageBps, BigDecimal avgArrivalShortfallBps, BigDecimal markout1sBps,
                             BigDecimal markout10sBps, BigDecimal markout60sBps) {
    }

    /**
     * The session's performance (docs/README.md §TCA) for one mode: equity = starting equity + realized trading P&L +
     * funding + the unrealized P&L of open positions at their venue's latest mid (less their open entry fees;
     * {@code unmarkedPositions} had no mid yet and count at entry); the ratios on the equity sampled per return
     * period; null where undefined. The curve itself is served by {@code GET /tca/equity}, not carried here.
     */
    public record SessionStats(String id, Instant startedAt, Mode mode, BigDecimal startingEquity, BigDecimal equity,
                               BigDecimal realizedPnl, BigDecimal funding, BigDecimal unrealizedPnl, int unmarkedPositions,
                               Duration returnPeriod, int periods, Double sharpe, Double sortino, double maxDrawdown) {
    }

    /** What {@code GET /tca/equity} serves: the session's equity per return period, the last one marked to market. */
    public record EquityCurve(String session, Instant startedAt, Mode mode, Duration returnPeriod, List<BigDecimal> equity) {
    }

    /** What {@code GET /tca} serves. */
    public record Snapshot(List<SignalStats> signals, List<VenueStats> venues, SessionStats session, Instant at) {
    }
}
