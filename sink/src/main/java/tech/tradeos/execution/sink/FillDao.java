package tech.tradeos.execution.sink;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.BindMethodsList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import tech.tradeos.execution.model.Fill;

/** The {@code fills} table: the audit ledger of executions. */
public interface FillDao {
    /** Inserts a poll's worth of fills in one statement; returns the ids that were new (a redelivery returns none). */
    @SqlQuery("""
            INSERT INTO fills (fill_id, order_id, intent_id, venue, instrument, side, quantity, price, fee, mode,
                               expected_price, arrival_mid, slippage_bps, arrival_shortfall_bps, signal_type, action,
                               direction, filled_at)
            VALUES <rows>
            ON CONFLICT (fill_id) DO NOTHING
            RETURNING fill_id
            """)
    List<String> insertNew(@BindMethodsList(value = "rows", methodNames = {"fillId", "orderId", "intentId", "venue",
            "instrument", "side", "quantity", "price", "fee", "mode", "expectedPrice", "arrivalMid", "slippageBps",
            "arrivalShortfallBps", "signalType", "action", "direction", "filledAt"}) List<FillRow> rows);

    @SqlQuery("SELECT count(*) FROM fills")
    long count();

    /** Of {@code orderIds}, those that already have a fill recorded. */
    @SqlQuery("SELECT DISTINCT order_id FROM fills WHERE order_id IN (<orderIds>)")
    List<String> filledAmong(@org.jdbi.v3.sqlobject.customizer.BindList("orderIds") List<String> orderIds);

    /** A fill as a row: the message plus the arrival shortfall the TCA computes. */
    record FillRow(Fill fill, java.math.BigDecimal arrivalShortfallBps) {
        public String fillId() { return fill.fillId(); }
        public String orderId() { return fill.orderId(); }
        public String intentId() { return fill.intentId(); }
        public String venue() { return fill.venue(); }
        public String instrument() { return fill.instrument(); }
        public String side() { return fill.side().name(); }
        public java.math.BigDecimal quantity() { return fill.quantity(); }
        public java.math.BigDecimal price() { return fill.price(); }
        public java.math.BigDecimal fee() { return fill.fee(); }
        public String mode() { return fill.mode().name(); }
        public java.math.BigDecimal expectedPrice() { return fill.expectedPrice(); }
        public java.math.BigDecimal arrivalMid() { return fill.arrivalMid(); }
        public java.math.BigDecimal slippageBps() { return fill.slippageBps(); }
        public String signalType() { return fill.signalType(); }
        public String action() { return fill.action().name(); }
        public String direction() { return fill.direction().name(); }
        public java.time.OffsetDateTime filledAt() { return fill.filledAt().atOffset(java.time.ZoneOffset.UTC); }
    }
}
