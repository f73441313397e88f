package tech.tradeos.execution.topology.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tech.tradeos.execution.model.Candidate;
import tech.tradeos.execution.model.RejectReason;
import tech.tradeos.execution.model.Rejection;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.topology.ops.RecentDecisions;

/**
 * The router's business metrics (beside the Kafka Streams metrics on the same registry) and its latest decisions:
 * counters, the routing latency (intent created → routed) as a histogram, and the age of every venue's newest book.
 * The counters alerts name (rejections by reason, dead letters by topic) exist at zero from the start, so an alert
 * on their increase works before the first event.
 */
public final class RouterMetrics {
    private final MeterRegistry registry;
    private final RecentDecisions recent = new RecentDecisions();
    private final Timer routingLatency;
    private final Map<String, AtomicLong> bookTimes = new ConcurrentHashMap<>();
    private final Map<String, io.micrometer.core.instrument.Counter> applied = new ConcurrentHashMap<>();
    private final Map<String, io.micrometer.core.instrument.Counter> superseded = new ConcurrentHashMap<>();

    public RouterMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.routingLatency = Timer.builder("tradeos.routing.latency")
                .description("intent createdAt to the routed order, on the router's clock")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        for (RejectReason reason : RejectReason.values()) {
            registry.counter("tradeos.intents.rejected", "reason", reason.name());
        }
    }

    /** Pre-registers the dead-letter counter of each input topic at zero. */
    public RouterMetrics deadLetterTopics(java.util.Collection<String> topics) {
        topics.forEach(t -> registry.counter("tradeos.dlq.records", "topic", t));
        return this;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public RecentDecisions recent() {
        return recent;
    }

    public void routed(RoutedOrder order) {
        recent.add(order);
        if (order.intentTime() != null) {
            long ms = order.routedAt().toEpochMilli() - order.intentTime().toEpochMilli();
            routingLatency.record(Math.max(0, ms), TimeUnit.MILLISECONDS);
        }
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

    /** Per snapshot: a registry lookup builds a meter id each time, so the two kinds' counters are kept. */
    public void marketDataApplied(String kind) {
        applied.computeIfAbsent(kind, k -> registry.counter("tradeos.marketdata.applied", "kind", k)).increment();
    }

    /**
     * A book applied: {@code tradeos_book_age_seconds{venue,instrument}} is now − its timestamp at each scrape.
     * {@code key} names the (venue, instrument) pair uniquely (the caller's own key for it, built once).
     */
    public void bookApplied(String key, String venue, String instrument, Instant timestamp) {
        bookTimes.computeIfAbsent(key, k -> {
            AtomicLong at = new AtomicLong();
            Gauge.builder("tradeos.book.age.seconds", at, a -> (System.currentTimeMillis() - a.get()) / 1000.0)
                    .description("age of the venue's newest book of the instrument held by this instance")
                    .tags("venue", venue, "instrument", instrument).register(registry);
            return at;
        }).set(timestamp.toEpochMilli());
    }

    public void olderMarketDataIgnored(String kind) {
        superseded.computeIfAbsent(kind, k -> registry.counter("tradeos.marketdata.superseded", "kind", k)).increment();
    }

    /**
     * Counts the valid input records of {@code topic} routed in the task that read them ({@code path=in-place})
     * or moved through the repartition topic ({@code path=moved}): a growing "moved" count names producers
     * that do not key by instrument and pay a hop for it.
     */
    public io.micrometer.core.instrument.Counter placed(String topic, boolean inPlace) {
        return registry.counter("tradeos.inputs.placed", "topic", topic, "path", inPlace ? "in-place" : "moved");
    }

    public void deadLettered(String topic) {
        registry.counter("tradeos.dlq.records", "topic", topic).increment();
    }
}
