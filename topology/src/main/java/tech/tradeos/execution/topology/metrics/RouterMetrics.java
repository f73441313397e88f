package tech.tradeos.execution.topology.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import tech.tradeos.execution.model.Candidate;
import tech.tradeos.execution.model.Rejection;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.topology.ops.RecentDecisions;

/** The router's business counters (beside the Kafka Streams metrics on the same registry) and its latest decisions. */
public final class RouterMetrics {
    private final MeterRegistry registry;
    private final RecentDecisions recent = new RecentDecisions();

    public RouterMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public RecentDecisions recent() {
        return recent;
    }

    public void routed(RoutedOrder order) {
        recent.add(order);
        registry.counter("tradeos.orders.routed", "venue", order.venue(), "decision", order.decision().name()).increment();
        for (Candidate c : order.candidates()) {
            if (!c.eligible()) {
                registry.counter("tradeos.candidates.ineligible", "venue", c.venue(), "reason", c.reason().name()).increment();
            }
        }
    }

    public void rejected(Rejection rejection) {
        recent.add(rejection);
        registry.counter("tradeos.intents.rejected", "reason", rejection.reason().name()).increment();
    }

    public void filled(String venue) {
        registry.counter("tradeos.fills.paper", "venue", venue).increment();
    }

    public void held() {
        registry.counter("tradeos.intents.held").increment();
    }

    public void duplicateIntent() {
        registry.counter("tradeos.intents.duplicate").increment();
    }

    public void marketDataApplied(String kind) {
        registry.counter("tradeos.marketdata.applied", "kind", kind).increment();
    }

    public void olderMarketDataIgnored(String kind) {
        registry.counter("tradeos.marketdata.superseded", "kind", kind).increment();
    }

    public void deadLettered(String topic) {
        registry.counter("tradeos.dlq.records", "topic", topic).increment();
    }
}
