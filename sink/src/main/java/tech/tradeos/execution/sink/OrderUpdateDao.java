package tech.tradeos.execution.sink;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.sqlobject.customizer.BindMethodsList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import tech.tradeos.execution.model.OrderUpdate;

/** The {@code order_updates} table: a live order's lifecycle as the executor reported it. */
public interface OrderUpdateDao {
    /** Inserts the updates not recorded yet; returns the order ids of those that are new. */
    @SqlQuery("""
            INSERT INTO order_updates (order_id, state, filled_quantity, intent_id, instrument, venue, client_order_id,
                                       venue_order_id, quantity, average_price, fees, reason, updated_at)
            SELECT order_id, state, filled_quantity::numeric, intent_id, instrument, venue, client_order_id, venue_order_id::text,
                   quantity::numeric, average_price::numeric, fees::numeric, reason::text, updated_at::timestamptz
              FROM (VALUES <rows>) AS v (order_id, state, filled_quantity, intent_id, instrument, venue, client_order_id,
                                         venue_order_id, quantity, average_price, fees, reason, updated_at)
            ON CONFLICT (order_id, state, filled_quantity) DO NOTHING
            RETURNING order_id || '/' || state
            """)
    List<String> insertNew(@BindMethodsList(value = "rows", methodNames = {"orderId", "state", "filledQuantity", "intentId",
            "instrument", "venue", "clientOrderId", "venueOrderId", "quantity", "averagePrice", "fees", "reason",
            "updatedAt"}) List<UpdateRow> rows);

    record UpdateRow(OrderUpdate u) {
        public String orderId() { return u.orderId(); }
        public String state() { return u.state().name(); }
        public BigDecimal filledQuantity() { return u.filledQuantity(); }
        public String intentId() { return u.intentId(); }
        public String instrument() { return u.instrument(); }
        public String venue() { return u.venue(); }
        public String clientOrderId() { return u.clientOrderId(); }
        public String venueOrderId() { return u.venueOrderId(); }
        public BigDecimal quantity() { return u.quantity(); }
        public BigDecimal averagePrice() { return u.averagePrice(); }
        public BigDecimal fees() { return u.fees(); }
        public String reason() { return u.reason(); }
        public OffsetDateTime updatedAt() { return u.updatedAt().atOffset(ZoneOffset.UTC); }
    }
}
