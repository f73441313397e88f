package tech.tradeos.execution.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tech.tradeos.execution.embedded.EmbeddedKafka;
import tech.tradeos.execution.ingest.CryptofeedFormat;
import tech.tradeos.execution.ingest.IngestBridge;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.PriceLevel;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.topic.KafkaClients;

/**
 * The ingestion bridge per source — cryptofeed's Kafka backend, cryptofeed's Redis streams, the ingestion service's
 * Redis keys — next to the plain read of the same records from the same source in the same run:
 * <ul>
 *   <li>throughput: N 30-level snapshots over the 24 default books (8 venues × 3 instruments) written as fast as the
 *       writer can while the reader runs; time from the first write until the reader has the last of every book
 *       (the bridge: until {@code marketdata.orderbook} carries it). Both readers run beside the writer, so a ratio
 *       near 1 says "keeps up with this writer"; the Redis keys hold only the newest value, so a reader that is
 *       behind reads ahead (that source's figure is the time to converge, not work per record);</li>
 *   <li>latency: 500 snapshots/s for a few seconds, each stamped with its write time; write → plain read, and
 *       write → router topic through the bridge, p50/p99.</li>
 * </ul>
 * The bridge runs with {@code ingest.max-snapshots-per-second} 1000 so its rate limit does not hide its speed.
 * Redis: {@code TRADEOS_REDIS_URI} (default the local one), keys under a fresh {@code tradeos-bench-*} prefix, deleted after.
 *
 * <pre>java -cp bench/target/benchmarks.jar tech.tradeos.execution.bench.IngestBench [snapshots]</pre>
 */
public final class IngestBench {
    private static final int LEVELS = 30;
    private static final int LATENCY_RATE = 500;
    private static final int LATENCY_SECONDS = 4;

    private final TradeosConfig base;
    private final String redisUri;
    private final String prefix = "tradeos-bench-" + UUID.randomUUID().toString().substring(0, 6);
    private final List<String[]> books = new ArrayList<>(); // venue, instrument
    private final CryptofeedFormat format;
    private final Random random = new Random(7);

    private IngestBench(TradeosConfig base, String redisUri) {
        this.base = base;
        this.redisUri = redisUri;
        this.format = new CryptofeedFormat(base.ingest());
        base.ingest().mappings().values().forEach(symbols -> symbols.values().forEach(t -> books.add(t.split("/"))));
        books.sort((a, b) -> (a[0] + a[1]).compareTo(b[0] + b[1]));
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        String redisUri = System.getenv().getOrDefault("TRADEOS_REDIS_URI", "redis://127.0.0.1:6379");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Map<String, String> env = new HashMap<>();
            env.put("TRADEOS_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            TradeosConfig base = ConfigLoader.load(null, env);
            IngestBench bench = new IngestBench(base, redisUri);
            System.out.printf("IngestBench: %d snapshots of %d levels a side over %d books; latency at %d/s for %d s; %d cores%n",
                    n, LEVELS, bench.books.size(), LATENCY_RATE, LATENCY_SECONDS, Runtime.getRuntime().availableProcessors());
            for (String source : List.of("cryptofeed-kafka", "cryptofeed-redis", "redis")) {
                bench.run(source, n, kafka.bootstrapServers());
            }
        }
    }

    private void run(String source, int n, String bootstrap) throws Exception {
        String run = prefix + "-" + source.replace("cryptofeed-", "cf");
        Map<String, String> env = new HashMap<>();
        env.put("TRADEOS_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("TRADEOS_TOPICS_MARKETDATA_ORDERBOOK", run + ".orderbook");
        env.put("TRADEOS_TOPICS_MARKETDATA_FUNDING", run + ".funding");
        env.put("TRADEOS_TOPICS_DLQ", run + ".dlq");
        env.put("TRADEOS_INGEST_HTTP_PORT", Integer.toString(EmbeddedKafka.freePort()));
        env.put("TRADEOS_INGEST_GROUP_ID", run);
        env.put("TRADEOS_INGEST_MAX_SNAPSHOTS_PER_SECOND", "1000");
        env.put("TRADEOS_INGEST_REDIS_RESYNC_SECONDS", "1");
        env.put("TRADEOS_INGEST_BOOK_TOPIC_PREFIX", run + "-book");
        env.put("TRADEOS_INGEST_FUNDING_TOPIC_PREFIX", run + "-funding");
        env.put("TRADEOS_INGEST_REDIS_PREFIX", run + ":md:");
        env.put("TRADEOS_INGEST_CRYPTOFEED_KAFKA", Boolean.toString(source.equals("cryptofeed-kafka")));
        if (source.equals("cryptofeed-redis")) {
            env.put("TRADEOS_INGEST_CRYPTOFEED_REDIS_URI", redisUri);
        }
        if (source.equals("redis")) {
            env.put("TRADEOS_INGEST_REDIS_URI", redisUri);
        }
        TradeosConfig config = ConfigLoader.load(null, env);
        // the plain read on its own topics and keys: the bridge's consumer group starts at the earliest offset
        env.put("TRADEOS_INGEST_BOOK_TOPIC_PREFIX", run + "-plain-book");
        env.put("TRADEOS_INGEST_REDIS_PREFIX", run + ":plain:md:");
        TradeosConfig plainConfig = ConfigLoader.load(null, env);
        double raw;
        long[] rawLatency;
        try (Writer writer = new Writer(source, plainConfig); Reader reader = Reader.plain(source, plainConfig, redisUri)) {
            reader.awaitReady(writer, books.stream().map(b -> book(b, Instant.now())).toList());
            raw = throughput(writer, reader, n);
            rawLatency = latency(writer, reader);
        }
        // the bridge: one book of each first, so its subscriptions and discovery are done before the clock starts
        try (Writer writer = new Writer(source, config); Reader out = Reader.topic(config.topics().orderbook(), config);
             IngestBridge bridge = new IngestBridge(config).start()) {
            out.awaitReady(writer, books.stream().map(b -> book(b, Instant.now())).toList());
            double bridged;
            try {
                bridged = throughput(writer, out, n);
            } catch (IllegalStateException e) {
                System.out.println(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + bridge.port() + "/metrics")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body().lines().filter(l -> l.startsWith("tradeos")).toList());
                throw e;
            }
            long[] bridgedLatency = latency(writer, out);
            System.out.printf("%-17s plain read %8.0f snapshots/s   bridge %8.0f snapshots/s (%.2fx)%n", source, raw, bridged,
                    bridged / raw);
            System.out.printf("%-17s write -> plain read p50 %6.2f ms p99 %6.2f ms   write -> router topic p50 %6.2f ms"
                            + " p99 %6.2f ms (added p50 %.2f, p99 %.2f ms)%n", "", ms(rawLatency, 50), ms(rawLatency, 99),
                    ms(bridgedLatency, 50), ms(bridgedLatency, 99), ms(bridgedLatency, 50) - ms(rawLatency, 50),
                    ms(bridgedLatency, 99) - ms(rawLatency, 99));
        }
    }

    /** Snapshots/s: n written while {@code reader} reads, until it has each book's last one. */
    private double throughput(Writer writer, Reader reader, int n) throws Exception {
        Instant base = Instant.now().plusSeconds(1);
        List<BookSnapshot> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(book(books.get(i % books.size()), base.plusNanos(i * 1000L)));
        }
        Map<String, Instant> last = new HashMap<>();
        all.forEach(b -> last.put(b.venue() + "/" + b.instrument(), b.timestamp()));
        long t0 = System.nanoTime();
        Thread write = new Thread(() -> writer.write(all), "bench-writer");
        write.start();
        reader.awaitLast(last, Duration.ofSeconds(60));
        long elapsed = System.nanoTime() - t0;
        write.join();
        return n / (elapsed / 1e9);
    }

    /** Write → read latencies at LATENCY_RATE snapshots/s, each stamped with its write time. */
    private long[] latency(Writer writer, Reader reader) throws Exception {
        List<Long> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        Instant phase = Instant.now();
        // only this phase's books: a reader of the Redis keys may still be working through older announcements
        reader.onBook(at -> {
            if (!at.isBefore(phase)) {
                samples.add(Duration.between(at, Instant.now()).toNanos());
            }
        });
        int total = LATENCY_RATE * LATENCY_SECONDS;
        long period = TimeUnit.SECONDS.toNanos(1) / LATENCY_RATE;
        long start = System.nanoTime();
        Instant lastAt = null;
        for (int i = 0; i < total; i++) {
            while (System.nanoTime() < start + i * period) {
                Thread.onSpinWait(); // pacing the writer, not waiting for a result
            }
            lastAt = Instant.now();
            writer.write(List.of(book(books.get(i % books.size()), lastAt)));
        }
        String[] b = books.get((total - 1) % books.size());
        reader.awaitLast(Map.of(b[0] + "/" + b[1], lastAt), Duration.ofSeconds(30)); // sent after all others: all are in
        reader.onBook(null);
        return samples.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private BookSnapshot book(String[] venueInstrument, Instant at) {
        double mid = venueInstrument[1].startsWith("BTC") ? 67_000 : venueInstrument[1].startsWith("ETH") ? 3_500 : 150;
        List<PriceLevel> bids = new ArrayList<>(LEVELS);
        List<PriceLevel> asks = new ArrayList<>(LEVELS);
        for (int i = 0; i < LEVELS; i++) {
            bids.add(new PriceLevel(BigDecimal.valueOf(Math.round((mid - 0.5 - i) * 10), 1), BigDecimal.valueOf(1 + random.nextInt(99_999), 4)));
            asks.add(new PriceLevel(BigDecimal.valueOf(Math.round((mid + 0.5 + i) * 10), 1), BigDecimal.valueOf(1 + random.nextInt(99_999), 4)));
        }
        return new BookSnapshot(venueInstrument[0], venueInstrument[1], at, 1L, bids, asks);
    }

    private static double ms(long[] sorted, int pct) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(pct / 100.0 * sorted.length) - 1)] / 1e6;
    }

    /** Writes snapshots the way the source does: cryptofeed's JSON to Kafka or a Redis stream, or the ingestion service's key + announcement. */
    private final class Writer implements AutoCloseable {
        private final String source;
        private final TradeosConfig config;
        private final KafkaProducer<String, String> producer;
        private final RedisClient client;
        private final StatefulRedisConnection<String, String> connection;

        Writer(String source, TradeosConfig config) {
            this.source = source;
            this.config = config;
            Properties p = KafkaClients.producer(config);
            p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
            p.put(ProducerConfig.ACKS_CONFIG, "1");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
            producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
            client = RedisClient.create(redisUri);
            connection = client.connect();
        }

        void write(List<BookSnapshot> snapshots) {
            RedisAsyncCommands<String, String> redis = connection.async();
            List<io.lettuce.core.RedisFuture<?>> pending = new ArrayList<>();
            for (BookSnapshot b : snapshots) {
                switch (source) {
                    case "cryptofeed-kafka" -> {
                        CryptofeedFormat.Source s = format.source(b.venue(), b.instrument()).orElseThrow();
                        // cryptofeed keys every message with its backend's key: one partition, in order
                        producer.send(new ProducerRecord<>(config.ingest().bookTopicPrefix() + "-" + s.exchange() + "-" + s.symbol(),
                                config.ingest().bookTopicPrefix(), Json.text(CryptofeedFormat.snapshot(s, b, b.timestamp()))));
                    }
                    case "cryptofeed-redis" -> {
                        CryptofeedFormat.Source s = format.source(b.venue(), b.instrument()).orElseThrow();
                        Map<String, String> fields = new LinkedHashMap<>();
                        CryptofeedFormat.snapshot(s, b, b.timestamp()).forEach((k, v) -> fields.put(k, v instanceof Map ? Json.text(v) : v.toString()));
                        pending.add(redis.xadd(config.ingest().bookTopicPrefix() + "-" + s.exchange() + "-" + s.symbol(), fields));
                    }
                    default -> {
                        String key = config.ingest().redisPrefix() + "book:" + b.venue() + ":" + b.instrument();
                        pending.add(redis.set(key, Json.text(b)));
                        pending.add(redis.xadd(config.ingest().redisPrefix() + "updates", Map.of("key", key)));
                    }
                }
                if (pending.size() >= 2_000) {
                    await(pending);
                }
            }
            producer.flush();
            await(pending);
        }

        private void await(List<io.lettuce.core.RedisFuture<?>> pending) {
            io.lettuce.core.LettuceFutures.awaitAll(Duration.ofSeconds(30), pending.toArray(io.lettuce.core.RedisFuture[]::new));
            pending.clear();
        }

        @Override
        public void close() {
            RedisCommands<String, String> sync = connection.sync();
            List<String> keys = sync.keys(prefix + "*");
            if (!keys.isEmpty()) {
                sync.del(keys.toArray(String[]::new));
            }
            connection.close();
            client.shutdown();
            producer.close();
        }
    }

    /**
     * Reads books on its own thread — the router topic, or (plain) the source itself with the least work that gets a
     * book out of it (cryptofeed's JSON to a tree; the ingestion service's value read by key) — and tells when each
     * book's newest time has arrived.
     */
    private abstract static class Reader implements AutoCloseable {
        private final Map<String, Instant> newest = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile Consumer<Instant> listener;
        private volatile boolean running = true;
        private final Thread thread = new Thread(this::loop, "bench-reader");
        private Map<String, Map<String, String>> mappings = Map.of();

        static Reader topic(String topic, TradeosConfig config) {
            return new KafkaReader(config, Pattern.compile(Pattern.quote(topic)), true).begin(config);
        }

        static Reader plain(String source, TradeosConfig config, String redisUri) {
            return switch (source) {
                case "cryptofeed-kafka" -> new KafkaReader(config, Pattern.compile(Pattern.quote(config.ingest().bookTopicPrefix()) + "-.+"), false)
                        .begin(config);
                case "cryptofeed-redis" -> new RedisStreamReader(redisUri, config.ingest().bookTopicPrefix() + "-", false).begin(config);
                default -> new RedisStreamReader(redisUri, config.ingest().redisPrefix() + "updates", true).begin(config);
            };
        }

        Reader begin(TradeosConfig config) {
            mappings = config.ingest().mappings();
            thread.setDaemon(true);
            thread.start();
            return this;
        }

        abstract void poll() throws Exception;

        private void loop() {
            while (running) {
                try {
                    poll();
                } catch (Exception e) {
                    if (running) {
                        System.err.println("bench reader: " + e);
                    }
                }
            }
        }

        /** A book read: its venue/instrument and time (its exchange time, which the writer set to its write time). */
        void seen(String venue, String instrument, Instant at) {
            newest.merge(venue + "/" + instrument, at, (a, b) -> a.isAfter(b) ? a : b);
            Consumer<Instant> l = listener;
            if (l != null) {
                l.accept(at);
            }
        }

        void seen(BookSnapshot b) {
            seen(b.venue(), b.instrument(), b.timestamp());
        }

        /** A cryptofeed message read plainly: its exchange and symbol mapped to the venue table, its time from seconds. */
        void seenCryptofeed(String exchange, String symbol, String seconds) {
            String[] target = mappings.get(exchange).get(symbol).split("/");
            BigDecimal s = new BigDecimal(seconds);
            seen(target[0], target[1], Instant.ofEpochSecond(s.longValue(), s.remainder(BigDecimal.ONE).movePointRight(9).longValue()));
        }

        void onBook(Consumer<Instant> l) {
            listener = l;
        }

        /**
         * Ready once a book of each has come through: written again every second until then, since a reader that
         * subscribes or discovers keys may miss the first.
         */
        void awaitReady(Writer writer, List<BookSnapshot> one) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long nextWrite = 0;
            while (newest.size() < one.size()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + newest.size() + " of " + one.size() + " books arrived: " + newest.keySet());
                }
                if (System.nanoTime() > nextWrite) {
                    writer.write(one);
                    nextWrite = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
                Thread.sleep(5); // polling a condition with a deadline
            }
        }

        void awaitLast(Map<String, Instant> last, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!last.entrySet().stream().allMatch(e -> {
                Instant at = newest.get(e.getKey());
                return at != null && !at.isBefore(e.getValue());
            })) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the last books did not arrive within " + timeout + ": wanted " + last
                            + ", have " + newest);
                }
                Thread.sleep(1); // polling a condition with a deadline; spinning would take a core from the reader
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }

    private static final class KafkaReader extends Reader {
        private final KafkaConsumer<String, String> consumer;
        private final boolean routerFormat;

        KafkaReader(TradeosConfig config, Pattern topics, boolean routerFormat) {
            Properties p = KafkaClients.consumer(config, "bench-" + UUID.randomUUID());
            p.put("auto.offset.reset", "latest");
            p.put("metadata.max.age.ms", "1000");
            this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
            this.routerFormat = routerFormat;
            consumer.subscribe(topics);
        }

        @Override
        void poll() throws Exception {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(20))) {
                if (routerFormat) {
                    seen(Json.read(r.value(), BookSnapshot.class));
                } else {
                    var tree = Json.MAPPER.readTree(r.value()); // the least anyone does with cryptofeed's message
                    seenCryptofeed(tree.get("exchange").asText(), tree.get("symbol").asText(), tree.get("timestamp").asText());
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            super.close();
            consumer.close();
        }
    }

    /** XREAD of cryptofeed's book streams (every {@code prefix*} stream), or of the announcements then GET of each key. */
    private static final class RedisStreamReader extends Reader {
        private final RedisClient client;
        private final StatefulRedisConnection<String, String> connection;
        private final String name;
        private final boolean announcements;
        private final Map<String, String> offsets = new LinkedHashMap<>();
        private long nextScan;

        RedisStreamReader(String uri, String name, boolean announcements) {
            this.client = RedisClient.create(uri);
            this.connection = client.connect();
            this.name = name;
            this.announcements = announcements;
            if (announcements) {
                offsets.put(name, newestId(connection.sync(), name));
            }
        }

        /** Where a stream ends now ("$" would mean "now" at every XREAD, losing what arrives between two). */
        private static String newestId(RedisCommands<String, String> redis, String key) {
            var last = redis.xrevrange(key, io.lettuce.core.Range.create("-", "+"), io.lettuce.core.Limit.from(1));
            return last.isEmpty() ? "0-0" : last.get(0).getId();
        }

        @Override
        @SuppressWarnings("unchecked")
        void poll() throws Exception {
            RedisCommands<String, String> redis = connection.sync();
            if (!announcements && System.currentTimeMillis() > nextScan) {
                redis.keys(name + "*").forEach(k -> offsets.computeIfAbsent(k, key -> newestId(redis, key)));
                nextScan = System.currentTimeMillis() + 200;
            }
            if (offsets.isEmpty()) {
                Thread.sleep(5);
                return;
            }
            XReadArgs.StreamOffset<String>[] from = offsets.entrySet().stream()
                    .map(e -> XReadArgs.StreamOffset.from(e.getKey(), e.getValue())).toArray(XReadArgs.StreamOffset[]::new);
            java.util.Set<String> announced = new java.util.LinkedHashSet<>(); // each key once a read, as the bridge does
            for (StreamMessage<String, String> m : redis.xread(XReadArgs.Builder.block(20).count(1000), from)) {
                offsets.put(m.getStream(), m.getId());
                if (announcements) {
                    announced.add(m.getBody().get("key"));
                } else {
                    Json.MAPPER.readTree(m.getBody().get("book")); // the least anyone does with cryptofeed's entry
                    seenCryptofeed(m.getBody().get("exchange"), m.getBody().get("symbol"), m.getBody().get("timestamp"));
                }
            }
            for (String key : announced) {
                seen(Json.read(redis.get(key), BookSnapshot.class));
            }
        }

        @Override
        public void close() throws InterruptedException {
            super.close();
            connection.close();
            client.shutdown();
        }
    }
}
