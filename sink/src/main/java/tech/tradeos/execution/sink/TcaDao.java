package tech.tradeos.execution.sink;

import java.math.BigDecimal;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The TCA's reads over the ledger: per-signal aggregates of fills and closed trades. */
public interface TcaDao {
    record SignalRow(String signalType, long fills, long closedTrades, long wins, BigDecimal realizedPnl,
                     BigDecimal funding, BigDecimal avgSlippageBps, long routedOrders, BigDecimal savings,
                     BigDecimal notionalUsd) {
    }

    record VenueRow(String venue, long routedOrders, BigDecimal notionalUsd, BigDecimal savings, BigDecimal expectedCarry,
                    BigDecimal funding, long fills, BigDecimal avgSlippageBps, BigDecimal avgArrivalShortfallBps) {
    }

    record PnlRow(java.time.OffsetDateTime closedAt, BigDecimal realizedPnl) {
    }

    @SqlQuery("""
            SELECT s.signal_type,
                   COALESCE(f.fills, 0) AS fills,
                   COALESCE(t.closed_trades, 0) AS closed_trades,
                   COALESCE(t.wins, 0) AS wins,
                   COALESCE(t.realized_pnl, 0) AS realized_pnl,
                   COALESCE(p.funding, 0) AS funding,
                   f.avg_slippage_bps,
                   COALESCE(o.routed_orders, 0) AS routed_orders,
                   COALESCE(o.savings, 0) AS savings,
                   COALESCE(o.notional_usd, 0) AS notional_usd
              FROM (SELECT signal_type FROM fills UNION SELECT signal_type FROM closed_trades WHERE signal_type IS NOT NULL
                    UNION SELECT signal_type FROM routed_orders WHERE savings IS NOT NULL
                    UNION SELECT signal_type FROM funding_payments WHERE signal_type IS NOT NULL) s
              LEFT JOIN (SELECT signal_type, count(*) AS fills, avg(slippage_bps) AS avg_slippage_bps
                           FROM fills GROUP BY signal_type) f USING (signal_type)
              LEFT JOIN (SELECT signal_type, count(*) AS closed_trades,
                                count(*) FILTER (WHERE realized_pnl + funding > 0) AS wins, sum(realized_pnl) AS realized_pnl
                           FROM closed_trades GROUP BY signal_type) t USING (signal_type)
              LEFT JOIN (SELECT signal_type, count(*) AS routed_orders, sum(savings) AS savings,
                                sum(notional_usd) AS notional_usd
                           FROM routed_orders WHERE savings IS NOT NULL GROUP BY signal_type) o USING (signal_type)
              LEFT JOIN (SELECT signal_type, sum(amount) AS funding FROM funding_payments GROUP BY signal_type) p
                     USING (signal_type)
             ORDER BY s.signal_type
            """)
    @RegisterConstructorMapper(SignalRow.class)
    List<SignalRow> signals();

    /** Per venue chosen: orders with a counterfactual and their savings; fills and their slippage and shortfall. */
    @SqlQuery("""
            SELECT v.venue,
                   COALESCE(o.routed_orders, 0) AS routed_orders,
                   COALESCE(o.notional_usd, 0) AS notional_usd,
                   COALESCE(o.savings, 0) AS savings,
                   COALESCE(o.expected_carry, 0) AS expected_carry,
                   COALESCE(p.funding, 0) AS funding,
                   COALESCE(f.fills, 0) AS fills,
                   f.avg_slippage_bps,
                   f.avg_arrival_shortfall_bps
              FROM (SELECT venue FROM fills UNION SELECT venue FROM routed_orders WHERE savings IS NOT NULL
                    UNION SELECT venue FROM funding_payments) v
              LEFT JOIN (SELECT venue, count(*) AS routed_orders, sum(notional_usd) AS notional_usd, sum(savings) AS savings,
                                sum((body->>'carry')::numeric) AS expected_carry
                           FROM routed_orders WHERE savings IS NOT NULL GROUP BY venue) o USING (venue)
              LEFT JOIN (SELECT venue, sum(amount) AS funding FROM funding_payments GROUP BY venue) p USING (venue)
              LEFT JOIN (SELECT venue, count(*) AS fills, avg(slippage_bps) AS avg_slippage_bps,
                                avg(arrival_shortfall_bps) AS avg_arrival_shortfall_bps
                           FROM fills GROUP BY venue) f USING (venue)
             ORDER BY v.venue
            """)
    @RegisterConstructorMapper(VenueRow.class)
    List<VenueRow> venues();

    /** Every realized P&L in time order: closed trades' trading P&L and funding payments (each counted once). */
    @SqlQuery("""
            SELECT closed_at, realized_pnl FROM closed_trades
            UNION ALL
            SELECT funding_time, amount FROM funding_payments
             ORDER BY 1
            """)
    @RegisterConstructorMapper(PnlRow.class)
    List<PnlRow> realized();
}
