package tech.tradeos.execution.sink;

import java.math.BigDecimal;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The TCA's reads over the ledger: per-signal aggregates of fills and closed trades. */
public interface TcaDao {
    record SignalRow(String signalType, long fills, long closedTrades, long wins, BigDecimal realizedPnl,
                     BigDecimal avgSlippageBps) {
    }

    record PnlRow(java.time.OffsetDateTime closedAt, BigDecimal realizedPnl) {
    }

    @SqlQuery("""
            SELECT s.signal_type,
                   COALESCE(f.fills, 0) AS fills,
                   COALESCE(t.closed_trades, 0) AS closed_trades,
                   COALESCE(t.wins, 0) AS wins,
                   COALESCE(t.realized_pnl, 0) AS realized_pnl,
                   f.avg_slippage_bps
              FROM (SELECT signal_type FROM fills UNION SELECT signal_type FROM closed_trades WHERE signal_type IS NOT NULL) s
              LEFT JOIN (SELECT signal_type, count(*) AS fills, avg(slippage_bps) AS avg_slippage_bps
                           FROM fills GROUP BY signal_type) f USING (signal_type)
              LEFT JOIN (SELECT signal_type, count(*) AS closed_trades,
                                count(*) FILTER (WHERE realized_pnl > 0) AS wins, sum(realized_pnl) AS realized_pnl
                           FROM closed_trades GROUP BY signal_type) t USING (signal_type)
             ORDER BY s.signal_type
            """)
    @RegisterConstructorMapper(SignalRow.class)
    List<SignalRow> signals();

    @SqlQuery("SELECT closed_at, realized_pnl FROM closed_trades ORDER BY closed_at")
    @RegisterConstructorMapper(PnlRow.class)
    List<PnlRow> realized();
}
