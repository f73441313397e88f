package tech.tradeos.execution.model.routing;

import tech.tradeos.execution.model.RejectReason;

/** What the router says about an intent: an order to place, or a reason not to. */
public sealed interface RoutingOutcome {
    record Routed(RoutingDecision decision) implements RoutingOutcome {
    }

    record Rejected(RejectReason reason, String detail) implements RoutingOutcome {
    }
}
