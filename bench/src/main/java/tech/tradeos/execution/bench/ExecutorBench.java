package tech.tradeos.execution.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tech.tradeos.execution.embedded.EmbeddedKafka;
import tech.tradeos.execution.executor.ExecutionStage;
import tech.tradeos.execution.executor.LiveVenues;
import tech.tradeos.execution.executor.sim.Faults;
import tech.tradeos.execution.executor.sim.VenueSimulator;
import tech.tradeos.execution.executor.venue.OrderRequest;
import tech.tradeos.execution.executor.venue.VenueAdapter;
import tech.tradeos.execution.executor.venue.VenueOrder;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.Decision;
import tech.tradeos.execution.model.Direction;
import tech.tradeos.execution.model.Ids;
import tech.tradeos.execution.model.Market;
import tech.tradeos.execution.model.Mode;
import tech.tradeos.execution.model.PriceLevel;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.Side;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.topic.KafkaClients;
import tech.tradeos.execution.model.topic.Topics;

/**
 * Routed order → final order update through the executor (consume, venue rules, place, look up, publish,
 * commit) against the venue simulator on loopback, one order at a time, next to the raw floor measured in the
 * same run: the same adapter's place + find over the same HTTP, no Kafka.
 *
 * <pre>java -cp bench/target/benchmarks.jar tech.tradeos.execution.bench.ExecutorBench [orders]</pre>
 */
public final class ExecutorBench {
    private static final String SECRET = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            int simPort = EmbeddedKafka.freePort();
            String p = "bench-" + UUID.randomUUID().toString().substring(0, 6);
            Map<String, String> env = new java.util.HashMap<>(Map.of(
                    "TRADEOS_MODE", "LIVE", "TRADEOS_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "TRADEOS_TOPICS_ORDERS_ROUTED", p + ".orders", "TRADEOS_TOPICS_ORDERS_UPDATES", p + ".updates",
                    "TRADEOS_TOPICS_FILLS", p + ".fills", "TRADEOS_TOPICS_DLQ", p + ".dlq",
                    "TRADEOS_EXECUTOR_HTTP_PORT", Integer.toString(EmbeddedKafka.freePort()),
                    "TRADEOS_EXECUTOR_VENUES_KRAKEN_SPOT_BASE_URL", "http://127.0.0.1:" + simPort,
                    "TRADEOS_EXECUTOR_VENUES_KRAKEN_SPOT_API_KEY", "bench-key",
                    "TRADEOS_EXECUTOR_VENUES_KRAKEN_SPOT_API_SECRET", SECRET));
            env.put("TRADEOS_EXECUTOR_VENUES_KRAKEN_SPOT_RATE_PER_SECOND", "100000");
            env.put("TRADEOS_EXECUTOR_VENUES_KRAKEN_SPOT_BURST", "100000");
            env.put("TRADEOS_EXECUTOR_VENUES_KRAKEN_FUTURES_ENABLED", "false");
            TradeosConfig config = ConfigLoader.load(null, env);
            Topics topics = Topics.from(config);
            try (Admin admin = Admin.create(KafkaClients.admin(config))) {
                admin.createTopics(List.of(new NewTopic(topics.ordersRouted().name(), 1, (short) 1),
                        new NewTopic(topics.ordersUpdates().name(), 1, (short) 1), new NewTopic(topics.fills().name(), 1, (short) 1),
                        new NewTopic(topics.dlq().name(), 1, (short) 1))).all().get();
            }
            try (VenueSimulator sim = new VenueSimulator(config, Map.of("KRAKEN_SPOT", new VenueSimulator.Account("bench-key", SECRET)),
                    simPort, Faults.NONE).start()) {
                sim.book(new BookSnapshot("KRAKEN_SPOT", "BTC-USD", Instant.now(), 1L,
                        List.of(new PriceLevel(new BigDecimal("99.9"), new BigDecimal("1000000"))),
                        List.of(new PriceLevel(new BigDecimal("100"), new BigDecimal("1000000")))));
                System.out.printf("ExecutorBench: %d orders, one at a time, Kraken Spot on the venue simulator (loopback)%n", n);
                VenueAdapter raw = rawAdapter(config);
                long[] floor = raw(raw, Math.min(n, 200) / 4); // warm-up
                floor = raw(raw, n);
                try (ExecutionStage stage = new ExecutionStage(config, tech.tradeos.execution.model.position.PositionLedger.NONE).start()) {
                    long[] through = throughExecutor(config, topics, n / 4); // warm-up
                    through = throughExecutor(config, topics, n);
                    report("raw place + find (HTTP only)", floor);
                    report("routed -> final update (executor)", through);
                    System.out.printf("ratio p50 %.2fx, p99 %.2fx%n", (double) pct(through, 50) / pct(floor, 50),
                            (double) pct(through, 99) / pct(floor, 99));
                }
            }
        }
    }

    private static VenueAdapter rawAdapter(TradeosConfig config) {
        return LiveVenues.from(config).get("KRAKEN_SPOT");
    }

    private static long[] raw(VenueAdapter adapter, int n) {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            String cid = UUID.randomUUID().toString();
            long t0 = System.nanoTime();
            VenueOrder placed = adapter.place(new OrderRequest(cid, "XBTUSD", Side.BUY, new BigDecimal("0.01"), new BigDecimal("100.5"),
                    Instant.now().plusSeconds(5)));
            Optional<VenueOrder> found = adapter.find(cid, "XBTUSD", new BigDecimal("0.01"), Instant.now().minusSeconds(60));
            nanos[i] = System.nanoTime() - t0;
            if (placed.venueOrderId() == null || found.isEmpty()) {
                throw new IllegalStateException("the simulator did not take the order");
            }
        }
        return nanos;
    }

    private static long[] throughExecutor(TradeosConfig config, Topics topics, int n) {
        Properties cp = KafkaClients.consumer(config, null);
        long[] nanos = new long[n];
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaClients.producer(config), new StringSerializer(), new StringSerializer());
             KafkaConsumer<String, String> updates = new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
            org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(topics.ordersUpdates().name(), 0);
            updates.assign(List.of(tp));
            updates.seekToEnd(List.of(tp));
            updates.position(tp);
            for (int i = 0; i < n; i++) {
                String intentId = "bench-" + UUID.randomUUID();
                RoutedOrder order = new RoutedOrder(Ids.orderId("BTC-USD", intentId), intentId, "BTC-USD", "KRAKEN_SPOT", "XBT/USD",
                        Market.SPOT, Side.BUY, new BigDecimal("0.01"), "MARKET", Mode.LIVE, Decision.BEST_COST, new BigDecimal("100"),
                        BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal("100"), BigDecimal.ZERO, new BigDecimal("99.95"), "bench",
                        Action.OPEN, Direction.LONG, BigDecimal.ZERO, Instant.now(), Instant.now(), List.of());
                long t0 = System.nanoTime();
                producer.send(new ProducerRecord<>(topics.ordersRouted().name(), intentId, Json.text(order)));
                producer.flush();
                boolean done = false;
                while (!done) {
                    for (ConsumerRecord<String, String> r : updates.poll(Duration.ofMillis(50))) {
                        if (r.key().equals(order.orderId()) && r.value().contains("\"state\":\"FILLED\"")) {
                            done = true;
                        }
                    }
                    if (System.nanoTime() - t0 > 30_000_000_000L) {
                        throw new IllegalStateException("no final update within 30 s");
                    }
                }
                nanos[i] = System.nanoTime() - t0;
            }
        }
        return nanos;
    }

    private static long pct(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static void report(String what, long[] nanos) {
        System.out.printf("%-36s p50 %7.2f ms   p99 %7.2f ms%n", what, pct(nanos, 50) / 1e6, pct(nanos, 99) / 1e6);
    }
}
