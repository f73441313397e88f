package tech.tradeos.execution.sink;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The TCA's reads over the ledger, for one session ({@code since}: its start) and one mode (PAPER or LIVE): each query
 * starts from the session's own rows — fills, closed trades (their fill's mode), routed orders, funding payments
 * (LIVE: those the venues reported; PAPER: those booked from the funding topic) — and aggregates per signal type or venue.
 */
public interface TcaDao {
    record SignalRow(String signalType, long fills, long closedTrades, long wins, BigDecimal realizedPnl,
                     BigDecimal funding, BigDecimal avgSlippageBps, long routedOrders, BigDecimal savings,
                     BigDecimal notionalUsd) {
    }

    record VenueRow(String venue, long routedOrders, BigDecimal notionalUsd, BigDecimal savings, BigDecimal expectedCarry,
                    BigDecimal funding, long fills, BigDecimal avgSlippageBps, BigDecimal avgArrivalShortfallBps,
                    BigDecimal markout1sBps, BigDecimal markout10sBps, BigDecimal markout60sBps) {
    }

    record PnlRow(OffsetDateTime closedAt, BigDecimal realizedPnl) {
    }

    String SESSION_ROWS = """
            WITH f AS (SELECT * FROM fills WHERE filled_at >= :since AND mode = :mode),
                 t AS (SELECT c.* FROM closed_trades c JOIN fills x ON x.fill_id = c.fill_id
                        WHERE c.closed_at >= :since AND x.mode = :mode),
                 o AS (SELECT * FROM routed_orders WHERE routed_at >= :since AND mode = :mode AND savings IS NOT NULL),
                 p AS (SELECT * FROM funding_payments WHERE funding_time >= :since
                        AND (mark_source = 'VENUE_PAYMENT') = (:mode = 'LIVE'))
            """;

    @SqlQuery(SESSION_ROWS + """
            SELECT s.signal_type,
                   COALESCE(fs.fills, 0) AS fills,
                   COALESCE(ts.closed_trades, 0) AS closed_trades,
                   COALESCE(ts.wins, 0) AS wins,
                   COALESCE(ts.realized_pnl, 0) AS realized_pnl,
                   COALESCE(ps.funding, 0) AS funding,
                   fs.avg_slippage_bps,
                   COALESCE(os.routed_orders, 0) AS routed_orders,
                   COALESCE(os.savings, 0) AS savings,
                   COALESCE(os.notional_usd, 0) AS notional_usd
              FROM (SELECT signal_type FROM f UNION SELECT signal_type FROM t WHERE signal_type IS NOT NULL
                    UNION SELECT signal_type FROM o UNION SELECT signal_type FROM p WHERE signal_type IS NOT NULL) s
              LEFT JOIN (SELECT signal_type, count(*) AS fills, avg(slippage_bps) AS avg_slippage_bps
                           FROM f GROUP BY signal_type) fs USING (signal_type)
              LEFT JOIN (SELECT signal_type, count(*) AS closed_trades,
                                count(*) FILTER (WHERE realized_pnl + funding > 0) AS wins, sum(realized_pnl) AS realized_pnl
                           FROM t GROUP BY signal_type) ts USING (signal_type)
              LEFT JOIN (SELECT signal_type, count(*) AS routed_orders, sum(savings) AS savings,
                                sum(notional_usd) AS notional_usd
                           FROM o GROUP BY signal_type) os USING (signal_type)
              LEFT JOIN (SELECT signal_type, sum(amount) AS funding FROM p GROUP BY signal_type) ps USING (signal_type)
             ORDER BY s.signal_type
            """)
    @RegisterConstructorMapper(SignalRow.class)
    List<SignalRow> signals(@Bind("since") OffsetDateTime since, @Bind("mode") String mode);

    /** Per venue chosen: orders with a counterfactual, their savings and expected carry; funding booked; fills' quality and markouts. */
    @SqlQuery(SESSION_ROWS + """
            SELECT v.venue,
                   COALESCE(os.routed_orders, 0) AS routed_orders,
                   COALESCE(os.notional_usd, 0) AS notional_usd,
                   COALESCE(os.savings, 0) AS savings,
                   COALESCE(os.expected_carry, 0) AS expected_carry,
                   COALESCE(ps.funding, 0) AS funding,
                   COALESCE(fs.fills, 0) AS fills,
                   fs.avg_slippage_bps,
                   fs.avg_arrival_shortfall_bps,
                   ms.markout_1s_bps,
                   ms.markout_10s_bps,
                   ms.markout_60s_bps
              FROM (SELECT venue FROM f UNION SELECT venue FROM o UNION SELECT venue FROM p) v
              LEFT JOIN (SELECT venue, count(*) AS routed_orders, sum(notional_usd) AS notional_usd, sum(savings) AS savings,
                                sum((body->>'carry')::numeric) AS expected_carry
                           FROM o GROUP BY venue) os USING (venue)
              LEFT JOIN (SELECT venue, sum(amount) AS funding FROM p GROUP BY venue) ps USING (venue)
              LEFT JOIN (SELECT venue, count(*) AS fills, avg(slippage_bps) AS avg_slippage_bps,
                                avg(arrival_shortfall_bps) AS avg_arrival_shortfall_bps
                           FROM f GROUP BY venue) fs USING (venue)
              LEFT JOIN (SELECT m.venue,
                                avg(m.markout_bps) FILTER (WHERE m.horizon_seconds = 1) AS markout_1s_bps,
                                avg(m.markout_bps) FILTER (WHERE m.horizon_seconds = 10) AS markout_10s_bps,
                                avg(m.markout_bps) FILTER (WHERE m.horizon_seconds = 60) AS markout_60s_bps
                           FROM fill_markouts m JOIN f ON f.fill_id = m.fill_id GROUP BY m.venue) ms USING (venue)
             ORDER BY v.venue
            """)
    @RegisterConstructorMapper(VenueRow.class)
    List<VenueRow> venues(@Bind("since") OffsetDateTime since, @Bind("mode") String mode);

    /** Every realized P&L of the session in time order: closed trades' trading P&L and funding payments. */
    @SqlQuery(SESSION_ROWS + """
            SELECT closed_at, realized_pnl FROM t
            UNION ALL
            SELECT funding_time, amount FROM p
             ORDER BY 1
            """)
    @RegisterConstructorMapper(PnlRow.class)
    List<PnlRow> realized(@Bind("since") OffsetDateTime since, @Bind("mode") String mode);
}
