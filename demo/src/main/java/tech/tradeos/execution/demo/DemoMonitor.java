package tech.tradeos.execution.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.topic.KafkaClients;

/** Counts what the demo's pipeline produced, read from the output topics as any consumer would. */
final class DemoMonitor implements AutoCloseable {
    final AtomicLong routed = new AtomicLong();
    final AtomicLong fallbacks = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong fills = new AtomicLong();
    final Map<String, AtomicLong> venues = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> reasons = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, String> consumer;
    private final TradeosConfig.Topics topics;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    DemoMonitor(TradeosConfig config) {
        this.topics = config.topics();
        Properties p = KafkaClients.consumer(config, "tradeos-demo-monitor-" + UUID.randomUUID());
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topics.ordersRouted(), topics.intentsRejected(), topics.fills()));
        thread = new Thread(this::run, "demo-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    count(r);
                }
            }
        } catch (WakeupException stopping) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private void count(ConsumerRecord<String, String> r) {
        try {
            JsonNode node = Json.tree(r.value());
            if (r.topic().equals(topics.ordersRouted())) {
                routed.incrementAndGet();
                if ("FALLBACK_PRIORITY".equals(node.path("decision").asText())) {
                    fallbacks.incrementAndGet();
                }
                venues.computeIfAbsent(node.path("venue").asText(), v -> new AtomicLong()).incrementAndGet();
            } else if (r.topic().equals(topics.intentsRejected())) {
                rejected.incrementAndGet();
                reasons.computeIfAbsent(node.path("reason").asText(), v -> new AtomicLong()).incrementAndGet();
            } else {
                fills.incrementAndGet();
            }
        } catch (java.io.IOException unreadable) {
            // the pipeline only writes JSON; nothing to count
        }
    }

    static String counts(Map<String, AtomicLong> counts) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(counts).forEach((k, v) -> out.append(out.length() == 0 ? "" : "  ").append(k).append(' ').append(v.get()));
        return out.length() == 0 ? "—" : out.toString();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        thread.join(5_000);
    }
}
