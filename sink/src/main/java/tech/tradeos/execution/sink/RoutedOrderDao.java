package tech.tradeos.execution.sink;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethodsList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import tech.tradeos.execution.model.Counterfactual;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.json.Json;

/** The {@code routed_orders} table: every order the router sent, with its full decision as JSON. */
public interface RoutedOrderDao {
    @SqlQuery("""
            INSERT INTO routed_orders (order_id, intent_id, instrument, venue, side, quantity, mode, decision,
                                       expected_price, total_cost, signal_type, action, direction, intent_time,
                                       routed_at, body, static_venue, static_total_cost, notional_usd, savings,
                                       savings_bps)
            SELECT order_id, intent_id, instrument, venue, side, quantity, mode, decision, expected_price, total_cost,
                   signal_type, action, direction, intent_time, routed_at, body::jsonb, static_venue,
                   static_total_cost, notional_usd, savings, savings_bps
              FROM (VALUES <rows>) AS v (order_id, intent_id, instrument, venue, side, quantity, mode, decision,
                                         expected_price, total_cost, signal_type, action, direction, intent_time,
                                         routed_at, body, static_venue, static_total_cost, notional_usd, savings,
                                         savings_bps)
            ON CONFLICT (order_id) DO NOTHING
            RETURNING order_id
            """)
    List<String> insertNew(@BindMethodsList(value = "rows", methodNames = {"orderId", "intentId", "instrument", "venue",
            "side", "quantity", "mode", "decision", "expectedPrice", "totalCost", "signalType", "action", "direction",
            "intentTime", "routedAt", "body", "staticVenue", "staticTotalCost", "notionalUsd", "savings", "savingsBps"})
                              List<OrderRow> rows);

    /** Marks orders filled; returns those that were not yet (their positions had them pending). */
    @SqlQuery("UPDATE routed_orders SET filled = true WHERE order_id IN (<ids>) AND NOT filled RETURNING order_id")
    List<String> markFilled(@BindList("ids") List<String> orderIds);

    @SqlQuery("SELECT count(*) FROM routed_orders")
    long count();

    record OrderRow(RoutedOrder order) {
        public String orderId() { return order.orderId(); }
        public String intentId() { return order.intentId(); }
        public String instrument() { return order.instrument(); }
        public String venue() { return order.venue(); }
        public String side() { return order.side().name(); }
        public java.math.BigDecimal quantity() { return order.quantity(); }
        public String mode() { return order.mode().name(); }
        public String decision() { return order.decision().name(); }
        public java.math.BigDecimal expectedPrice() { return order.expectedPrice(); }
        public java.math.BigDecimal totalCost() { return order.totalCost(); }
        public String signalType() { return order.signalType(); }
        public String action() { return order.action().name(); }
        public String direction() { return order.direction().name(); }
        public java.time.OffsetDateTime intentTime() { return order.intentTime().atOffset(java.time.ZoneOffset.UTC); }
        public java.time.OffsetDateTime routedAt() { return order.routedAt().atOffset(java.time.ZoneOffset.UTC); }
        public String body() {
            return Json.text(order);
        }
        public String staticVenue() { return order.counterfactual() == null ? null : order.counterfactual().venue(); }
        public java.math.BigDecimal staticTotalCost() { return figure(Counterfactual::totalCost); }
        public java.math.BigDecimal notionalUsd() { return figure(Counterfactual::notionalUsd); }
        public java.math.BigDecimal savings() { return figure(Counterfactual::savings); }
        public java.math.BigDecimal savingsBps() { return figure(Counterfactual::savingsBps); }

        private java.math.BigDecimal figure(java.util.function.Function<Counterfactual, java.math.BigDecimal> f) {
            return order.counterfactual() == null ? null : f.apply(order.counterfactual());
        }
    }
}
