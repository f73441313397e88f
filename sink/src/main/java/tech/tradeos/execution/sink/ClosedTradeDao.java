package tech.tradeos.execution.sink;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import tech.tradeos.execution.model.ClosedTrade;

/** The {@code closed_trades} table: realized P&L per reducing fill, by the signal that opened the position. */
@RegisterConstructorMapper(ClosedTrade.class)
public interface ClosedTradeDao {
    @SqlBatch("""
            INSERT INTO closed_trades (fill_id, instrument, venue, signal_type, quantity, entry_price, exit_price,
                                       realized_pnl, closed_at, funding)
            VALUES (:fillId, :instrument, :venue, :signalType, :quantity, :entryPrice, :exitPrice, :realizedPnl,
                    :closedAtUtc, :funding)
            ON CONFLICT (fill_id) DO NOTHING
            """)
    void insert(@BindMethods List<TradeRow> trades);

    @SqlQuery("""
            SELECT fill_id, instrument, venue, signal_type, quantity, entry_price, exit_price, realized_pnl, closed_at, funding
              FROM closed_trades ORDER BY closed_at, fill_id
            """)
    List<ClosedTrade> all();

    record TradeRow(ClosedTrade t) {
        public String fillId() { return t.fillId(); }
        public String instrument() { return t.instrument(); }
        public String venue() { return t.venue(); }
        public String signalType() { return t.signalType(); }
        public java.math.BigDecimal quantity() { return t.quantity(); }
        public java.math.BigDecimal entryPrice() { return t.entryPrice(); }
        public java.math.BigDecimal exitPrice() { return t.exitPrice(); }
        public java.math.BigDecimal realizedPnl() { return t.realizedPnl(); }
        public java.math.BigDecimal funding() { return t.funding(); }
        public java.time.OffsetDateTime closedAtUtc() { return t.closedAt().atOffset(java.time.ZoneOffset.UTC); }
    }
}
