package tech.tradeos.execution.topology.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.Rejection;
import tech.tradeos.execution.model.RoutedOrder;

/**
 * What the router did with one intentId: kept in the decisions store so a replay produces nothing
 * new and an operator can ask why an intent went where it went. An intent waiting in its instrument's
 * held queue has only {@code held}; once answered it has its order or rejection.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoutingRecord(String intentId, RoutedOrder order, Rejection rejection, Fill fill, Held held,
                            List<String> appliedFills) {
    /** Held since {@code at}, for {@code reason}, until its instrument's positions are confirmed. */
    public record Held(Instant at, String reason) {
    }

    public RoutingRecord {
        appliedFills = appliedFills == null ? List.of() : List.copyOf(appliedFills);
    }

    public static RoutingRecord routed(RoutedOrder order, Fill fill) {
        return new RoutingRecord(order.intentId(), order, null, fill, null, fill == null ? List.of() : List.of(fill.fillId()));
    }

    public static RoutingRecord rejected(Rejection rejection) {
        return new RoutingRecord(rejection.intentId(), null, rejection, null, null, List.of());
    }

    public static RoutingRecord held(String intentId, Instant at, String reason) {
        return new RoutingRecord(intentId, null, null, null, new Held(at, reason), List.of());
    }

    /** Whether the router's position record already moved by this fill (a live order may have several). */
    public boolean applied(String fillId) {
        return appliedFills.contains(fillId) || (fill != null && fill.fillId().equals(fillId));
    }

    /** The record after one more of the order's fills; the first is the one shown. */
    public RoutingRecord withFill(Fill next) {
        List<String> ids = new ArrayList<>(appliedFills);
        ids.add(next.fillId());
        return new RoutingRecord(intentId, order, rejection, fill == null ? next : fill, held, ids);
    }

    /** When the router answered the intent, or held it; what the dedupe retention counts from. */
    @JsonIgnore
    public Instant decidedAt() {
        return order != null ? order.routedAt() : rejection != null ? rejection.rejectedAt() : held != null ? held.at() : null;
    }
}
