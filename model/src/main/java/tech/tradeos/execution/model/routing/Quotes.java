package tech.tradeos.execution.model.routing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.RejectReason;
import tech.tradeos.execution.model.Rejection;
import tech.tradeos.execution.model.json.Json;

/**
 * The one way an intent's JSON becomes an {@link ApprovedIntent} or its INVALID_INTENT rejection, and a
 * routing outcome becomes the message written for it — used alike by the topology, the ops HTTP's
 * what-if {@code POST /quote} and {@code tradeos quote}, so the three can never answer differently.
 */
public final class Quotes {
    private Quotes() {
    }

    /** An intent's JSON, read: the intent, or why it is not one. */
    public sealed interface Read permits Valid, Invalid {
    }

    public record Valid(ApprovedIntent intent) implements Read {
    }

    public record Invalid(Rejection rejection) implements Read {
    }

    /**
     * A JSON object as an intent, or its INVALID_INTENT rejection (with the intentId when it has a usable one).
     *
     * @throws IllegalArgumentException when {@code node} is not a JSON object at all (unreadable, not rejectable)
     */
    public static Read read(JsonNode node, Instant now) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("an intent must be a JSON object");
        }
        try {
            return new Valid(Json.convert(node, ApprovedIntent.class));
        } catch (IOException | IllegalArgumentException invalid) {
            return new Invalid(Rejection.of(node, RejectReason.INVALID_INTENT, Json.describe(invalid), now));
        }
    }

    /** The message an outcome writes: the RoutedOrder, or the Rejection of the intent as it arrived. */
    public static Object message(RoutingOutcome outcome, JsonNode intentJson, Instant now) {
        if (outcome instanceof RoutingOutcome.Routed routed) {
            return routed.decision().toRoutedOrder(now);
        }
        RoutingOutcome.Rejected rejected = (RoutingOutcome.Rejected) outcome;
        return Rejection.of(intentJson, rejected.reason(), rejected.detail(), now);
    }
}
