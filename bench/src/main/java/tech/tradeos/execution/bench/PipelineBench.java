package tech.tradeos.execution.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import tech.tradeos.execution.embedded.EmbeddedKafka;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.sink.Database;
import tech.tradeos.execution.sink.LedgerPositions;
import tech.tradeos.execution.topology.RouterService;

/**
 * The pipeline against the raw limits of its own parts, on one embedded KRaft broker, in one run:
 * routing latency (exactly-once and at-least-once, fast path and repartition hop) while books stream in
 * the background, next to raw produce→consume latency of records of the same size under the same load;
 * book-snapshot ingestion next to a parse-only and a plain consumer of the same records; intent
 * throughput with one and two router instances; the time routing takes to resume after one of two router
 * JVMs is SIGKILLed, with and without a standby replica. Prints one table.
 *
 * <pre>java -cp bench/target/benchmarks.jar tech.tradeos.execution.bench.PipelineBench [--quick] [latency|ingestion|scale|failover…]</pre>
 */
public final class PipelineBench {
    private static final List<String> VENUES = List.of("KRAKEN_SPOT", "COINBASE", "GEMINI", "KRAKEN_FUTURES",
            "BINANCE_SPOT", "BINANCE_FUTURES", "BYBIT_SPOT", "BYBIT_PERP");
    private static final List<String> INSTRUMENTS = List.of("BTC-USD", "ETH-USD", "SOL-USD");
    /** 25 instruments a feed streams books of: the three intents are routed for, and 22 more listed on every venue. */
    private static final List<String> LOAD_INSTRUMENTS = loadInstruments();
    private static final int LOAD_LEVELS = 30;
    /** Failure detection: a broker accepts session timeouts down to its group.min.session.timeout.ms (1 000 here). */
    private static final int SESSION_TIMEOUT_MS = Integer.getInteger("bench.session-timeout-ms", 1500);
    private static final int TRANSACTION_TIMEOUT_MS = Integer.getInteger("bench.transaction-timeout-ms", 2000);

    private static List<String> loadInstruments() {
        List<String> all = new ArrayList<>(INSTRUMENTS);
        for (int i = all.size(); i < 25; i++) {
            all.add("X" + i + "-USD");
        }
        return List.copyOf(all);
    }

    private final EmbeddedKafka kafka;
    private final boolean quick;
    private final List<String[]> rows = new ArrayList<>();

    private final List<String> only;

    private PipelineBench(EmbeddedKafka kafka, boolean quick, List<String> only) {
        this.kafka = kafka;
        this.quick = quick;
        this.only = only;
    }

    private final List<LedgerPositions> ledgers = new ArrayList<>();

    private boolean selected(String part) {
        return only.isEmpty() || only.contains(part);
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        System.out.println("PipelineBench: starting an embedded KRaft broker…");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            List<String> only = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
            new PipelineBench(kafka, quick, only).run();
        }
        System.exit(0);
    }

    private void run() throws Exception {
        int samples = quick ? 300 : 1500;
        if (selected("latency")) {
            for (String load : System.getProperty("bench.loads", quick ? "0,2000" : "0,2000,10000").split(",")) {
                latencyUnderLoad(Integer.parseInt(load.trim()), samples);
            }
        }
        if (selected("ingestion")) {
            int snapshots = Integer.getInteger("bench.snapshots", quick ? 20_000 : 60_000);
            ingestion(snapshots, true);
            ingestion(snapshots, false);
        }
        if (selected("state")) {
            stateAndMemory(Integer.getInteger("bench.state-intents", quick ? 100_000 : 1_000_000));
        }
        if (selected("scale")) {
            scaleOut(quick ? 3_000 : 10_000);
        }
        if (selected("failover")) {
            int runs = Integer.getInteger("bench.failover-runs", quick ? 1 : 5);
            double without = failover(0);
            List<Double> with = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                with.add(failover(1));
            }
            double worst = with.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            row(String.format(Locale.ROOT, "routing resumes after SIGKILL of 1 of 2 router JVMs (session timeout %d ms, "
                            + "transaction timeout %d ms), %d runs with a standby", SESSION_TIMEOUT_MS, TRANSACTION_TIMEOUT_MS, runs),
                    "with 1 standby: " + with.stream().map(d -> String.format(Locale.ROOT, "%.1f", d))
                            .collect(Collectors.joining(" / ")) + " s",
                    String.format(Locale.ROOT, "without standby: %.1f s", without),
                    goal(worst < 3, "< 3 s with a standby, every run"));
        }
        printTable();
        for (LedgerPositions ledger : ledgers) {
            ledger.close();
        }
    }

    // ---- latency --------------------------------------------------------------------------------

    /** Latency samples (ns) and the background book rate really achieved while they were taken. */
    private record Run(long[] samples, double loadRate) {
    }

    /**
     * Intent → routed order while books stream at {@code load} snapshots/s (30 levels, 8 venues × 25 instruments,
     * keyed by instrument), next to raw produce→consume under the same background load: the router with the
     * ledger lookup on, as {@code tradeos router} runs, with producers keyed by instrument (the fast path) and
     * keyed otherwise (the repartition hop), at-least-once and exactly-once.
     */
    private void latencyUnderLoad(int load, int samples) throws Exception {
        String at = String.format(Locale.ROOT, "books at %,d/s", load);
        Run raw = rawLatency(samples, load);
        row("raw Kafka produce→consume (" + intent("x", "BTC-USD").length() + " B, acks=all), " + at,
                pct(raw.samples()) + rate(raw), "baseline", "");
        int eosSamples = quick ? 100 : 300;
        Run keyed = routerLatency("at_least_once", samples, true, load);
        row("intent → routed order, at-least-once, default mode, keyed by instrument (fast path), " + at,
                pct(keyed) + rate(keyed), pct(raw.samples()), load == 2000 || load == 0
                        ? goal(keyed.samples() != null && p(keyed.samples(), 99) <= p(raw.samples(), 99) + 3_000_000, "p99 ≤ raw p99 + 3 ms")
                        : "");
        Run keyedEos = routerLatency("exactly_once_v2", eosSamples, true, load);
        row("intent → routed order, exactly-once, default mode, keyed by instrument (fast path), " + at,
                pct(keyedEos) + rate(keyedEos), pct(raw.samples()), load == 2000 || load == 0
                        ? goal(keyedEos.samples() != null && p(keyedEos.samples(), 99) <= p(raw.samples(), 99) + 30_000_000, "p99 ≤ raw p99 + 30 ms")
                        : "");
        Run any = routerLatency("at_least_once", samples, false, load);
        row("intent → routed order, at-least-once, default mode, intents keyed by intentId (repartition hop), " + at,
                pct(any) + rate(any), pct(raw.samples()), "reported");
        Run anyEos = routerLatency("exactly_once_v2", eosSamples, false, load);
        row("intent → routed order, exactly-once, default mode, intents keyed by intentId (repartition hop), " + at,
                pct(anyEos) + rate(anyEos), pct(raw.samples()), "reported");
    }

    private Run rawLatency(int n, int load) throws Exception {
        String topic = "bench.raw." + UUID.randomUUID();
        String loadTopic = "bench.load." + UUID.randomUUID();
        createTopics(List.of(topic), 1);
        createTopics(List.of(loadTopic), 6);
        try (KafkaProducer<String, String> producer = producer();
             KafkaConsumer<String, String> consumer = consumer("read_uncommitted");
             BookLoad books = BookLoad.start(kafka.bootstrapServers(), loadTopic, VENUES, LOAD_INSTRUMENTS, load, LOAD_LEVELS)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            consumer.position(tp);
            long[] out = new long[n];
            for (int i = -50; i < n; i++) { // 50 warm-up round trips
                String id = "raw-" + i;
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, id, intent(id, "BTC-USD"))).get();
                if (!awaitKey(consumer, id)) {
                    throw new IllegalStateException("raw Kafka: no record " + id + " within 30 s");
                }
                if (i >= 0) {
                    out[i] = System.nanoTime() - start;
                }
            }
            return new Run(out, books.achievedRate());
        }
    }

    /**
     * {@code keyed}: producers key intents and books by instrument (the fast path; false: intents keyed by
     * intentId take the repartition hop); the router reads the ledger as {@code tradeos router} does. Returns
     * null samples when the router fell more than 30 s behind (saturated by the load).
     */
    private Run routerLatency(String guarantee, int n, boolean keyed, int load) throws Exception {
        String prefix = "lat-" + guarantee.replace('_', '-') + (keyed ? "-keyed" : "") + "-" + load;
        TradeosConfig config = config(prefix, guarantee);
        try (RouterService router = startRouter(config);
             KafkaProducer<String, String> producer = producer();
             KafkaConsumer<String, String> consumer = consumer("read_committed")) {
            publishBooks(producer, config, INSTRUMENTS, 20, keyed);
            List<TopicPartition> out = partitions(config.topics().ordersRouted());
            consumer.assign(out);
            consumer.seekToEnd(out);
            out.forEach(consumer::position);
            long[] samples = new long[n];
            try (BookLoad books = BookLoad.start(kafka.bootstrapServers(), config.topics().orderbook(), VENUES,
                    LOAD_INSTRUMENTS, load, LOAD_LEVELS)) {
                for (int i = -20; i < n; i++) {
                    String id = prefix + "-" + i;
                    long start = System.nanoTime();
                    String instrument = INSTRUMENTS.get(Math.abs(i) % 3);
                    producer.send(new ProducerRecord<>(config.topics().intentsApproved(), keyed ? instrument : id, intent(id, instrument)));
                    if (!awaitKey(consumer, id)) {
                        System.out.printf("    %s: no routed order for %s within 30 s: the router is saturated%n", prefix, id);
                        return new Run(null, books.achievedRate());
                    }
                    if (i >= 0) {
                        samples[i] = System.nanoTime() - start;
                    }
                }
                return new Run(samples, books.achievedRate());
            }
        }
    }

    private static String rate(Run run) {
        return run.loadRate() == 0 ? "" : String.format(Locale.ROOT, " (books at %,.0f/s)", run.loadRate());
    }

    private static String pct(Run run) {
        return run.samples() == null ? "saturated: fell > 30 s behind" : pct(run.samples());
    }

    // ---- ingestion ------------------------------------------------------------------------------

    /**
     * A backlog of {@code snapshots} books (30 levels, 8 venues × 25 instruments) read by one router, by a plain
     * consumer that does nothing with the bytes, and by a consumer that parses every snapshot into the same
     * {@code BookSnapshot} with the same JSON reader — the least work anyone must do. One thread each.
     * {@code keyed}: the backlog is keyed by instrument, as the ingestion bridge keys it (the fast path);
     * otherwise by venue:instrument, and every snapshot takes the repartition hop.
     */
    private void ingestion(int snapshots, boolean keyed) throws Exception {
        String prefix = "ingest" + (keyed ? "-keyed" : "-any");
        TradeosConfig config = config(prefix, System.getProperty("bench.guarantee", "exactly_once_v2"));
        // the backlog is produced first, so the router and the consumers below each read the same records
        // from the broker with the machine to themselves (the producer would otherwise share its two cores)
        // a router started and stopped first creates the topics: producing at once into partitions just
        // created made the idempotent producer fail batches (OutOfOrderSequenceException) on this broker
        startRouter(config).close();
        long start = System.nanoTime();
        int sent = 0;
        try (KafkaProducer<String, String> producer = producer()) {
            long seq = 0;
            while (sent < snapshots) {
                seq++;
                for (String instrument : LOAD_INSTRUMENTS) {
                    for (String venue : VENUES) {
                        producer.send(new ProducerRecord<>(config.topics().orderbook(), keyed ? instrument : venue + ":" + instrument,
                                book(venue, instrument, seq, LOAD_LEVELS)));
                        sent++;
                    }
                }
            }
            producer.flush();
        }
        double produceRate = sent / ((System.nanoTime() - start) / 1e9);
        try (RouterService router = startRouter(config)) {
            long routerStart = System.nanoTime();
            awaitCount(router, "tradeos.marketdata.applied", "tradeos.marketdata.superseded", sent, Duration.ofMinutes(5));
            double routerRate = sent / ((System.nanoTime() - routerStart) / 1e9);
            double plainRate = consume(config, sent, false);
            double parseRate = consume(config, sent, true);
            String how = keyed ? "keyed by instrument (fast path)" : "keyed by venue:instrument (repartition hop)";
            row("book ingestion, 1 router, " + how + " (30-level snapshots, 8 venues × 25 instruments)",
                    String.format(Locale.ROOT, "%,.0f snapshots/s (a backlog produced at %,.0f/s)", routerRate, produceRate),
                    String.format(Locale.ROOT, "%,.0f/s parse-only consumer; %,.0f/s plain consumer", parseRate, plainRate),
                    String.format(Locale.ROOT, "%.2f× parse-only%s; %.2f× plain", routerRate / parseRate,
                            keyed ? (routerRate / parseRate >= 0.5 ? " (goal ≥ 0.5: met)" : " (goal ≥ 0.5: MISSED)") : "",
                            routerRate / plainRate));
        }
    }

    /** Reads the book topic's first {@code n} records with one consumer thread; {@code parse}: into BookSnapshots. */
    private double consume(TradeosConfig config, long n, boolean parse) throws Exception {
        long start = System.nanoTime();
        long read = 0;
        long levels = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps("read_uncommitted"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = partitions(config.topics().orderbook());
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            while (read < n) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (parse) {
                        levels += Json.read(r.value(), BookSnapshot.class).bids().size();
                    }
                    read++;
                }
            }
        }
        if (parse && levels < read) {
            throw new IllegalStateException("parsed books without levels");
        }
        return read / ((System.nanoTime() - start) / 1e9);
    }

    // ---- memory and state size -----------------------------------------------------------------

    /**
     * One router and one sink JVM ({@code -Xmx1g}, PAPER, at-least-once, the default 7-day dedupe retention):
     * their resident memory at rest, while books stream at 2 000/s with 200 intents/s, and while {@code intents}
     * intents are routed as fast as they come; then the size of every router store on disk and of every topic
     * the router writes, with the growth per intent.
     */
    private void stateAndMemory(int intents) throws Exception {
        String prefix = "state-" + UUID.randomUUID().toString().substring(0, 6);
        String appId = prefix + "-router";
        String schema = "tradeos_bench_" + prefix.replace('-', '_');
        Path dir = java.nio.file.Files.createTempDirectory("bench-state");
        int routerPort = EmbeddedKafka.freePort();
        int sinkPort = EmbeddedKafka.freePort();
        Path file = dir.resolve("tradeos.yaml");
        java.nio.file.Files.writeString(file, """
                kafka:
                  bootstrap-servers: %s
                  application-id: %s
                  processing-guarantee: at_least_once
                  partitions: 6
                  state-dir: %s
                http: {port: %d}
                sink: {group-id: %s-sink, http-port: %d}
                postgres: {url: "%s", schema: %s}
                redis: {key-prefix: "%s:"}
                routing: {staleness-ms: 3600000}
                topics: {intents-approved: %s.intents, orderbook: %s.orderbook, funding: %s.funding, orders-routed: %s.orders,
                         intents-rejected: %s.rejected, fills: %s.fills, tca: %s.tca, dlq: %s.dlq}
                """.formatted(kafka.bootstrapServers(), appId, dir.resolve("streams"), routerPort, prefix, sinkPort,
                System.getProperty("bench.postgres-url", "jdbc:postgresql://127.0.0.1:5432/postgres"), schema, prefix,
                prefix, prefix, prefix, prefix, prefix, prefix, prefix, prefix));
        TradeosConfig config = ConfigLoader.load(file, Map.of());
        tech.tradeos.execution.topology.TopicProvisioner.ensureTopics(config);
        Process router = jvm(RouterService.class.getName(), "-Xmx1g", file, dir.resolve("router.log"));
        Process sink = jvm(tech.tradeos.execution.sink.SinkService.class.getName(), "-Xmx1g", file, dir.resolve("sink.log"));
        try (KafkaProducer<String, String> producer = producer()) {
            awaitHealthy(List.of(routerPort), Duration.ofSeconds(120));
            awaitHttp(sinkPort, Duration.ofSeconds(120));
            publishBooks(producer, config, INSTRUMENTS, 20, true);
            sendIntents(producer, config, prefix + "-warm", 300, 0);
            awaitCaughtUp(appId, Duration.ofMinutes(2));
            long routerRest = rssBytes(router);
            long sinkRest = rssBytes(sink);

            long[] underLoad = new long[2];
            try (BookLoad books = BookLoad.start(kafka.bootstrapServers(), config.topics().orderbook(), VENUES,
                    LOAD_INSTRUMENTS.subList(0, INSTRUMENTS.size()), 2_000, LOAD_LEVELS)) {
                for (int second = 0; second < 20; second++) {
                    sendIntents(producer, config, prefix + "-load-" + second, 200, 0);
                    underLoad[0] = Math.max(underLoad[0], rssBytes(router));
                    underLoad[1] = Math.max(underLoad[1], rssBytes(sink));
                    Thread.sleep(1_000); // pacing the intents at 200/s, not synchronising
                }
            }
            awaitCaughtUp(appId, Duration.ofMinutes(2));
            Map<String, Long> storesBefore = storeBytes(dir.resolve("streams").resolve(appId));
            Map<String, Long> topicsBefore = topicBytes(prefix);

            long start = System.nanoTime();
            long[] volume = new long[2];
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    volume[0] = Math.max(volume[0], rssBytes(router));
                    volume[1] = Math.max(volume[1], rssBytes(sink));
                    try {
                        Thread.sleep(500); // sampling interval
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            sampler.start();
            sendIntents(producer, config, prefix + "-v", intents, 0);
            awaitCaughtUp(appId, Duration.ofMinutes(30));
            double rate = intents / ((System.nanoTime() - start) / 1e9);
            sampler.interrupt();
            sampler.join();
            Map<String, Long> stores = storeBytes(dir.resolve("streams").resolve(appId));
            Map<String, Long> topics = topicBytes(prefix);

            row("resident memory (RSS, -Xmx1g): router / sink at rest", mib(routerRest) + " / " + mib(sinkRest), "", "");
            row("resident memory: router / sink, books at 2 000/s and 200 intents/s (max of 20 s)",
                    mib(underLoad[0]) + " / " + mib(underLoad[1]), "", "");
            row(String.format(Locale.ROOT, "resident memory: router / sink, %,d intents as fast as routed (%,.0f/s, max)", intents, rate),
                    mib(volume[0]) + " / " + mib(volume[1]), "", "");
            for (var e : stores.entrySet()) {
                long grown = e.getValue() - storesBefore.getOrDefault(e.getKey(), 0L);
                row("router store on disk after " + String.format(Locale.ROOT, "%,d", intents) + " more intents: " + e.getKey(),
                        mib(e.getValue()), String.format(Locale.ROOT, "%,.1f B per intent", grown / (double) intents), "");
            }
            for (var e : topics.entrySet()) {
                long grown = e.getValue() - topicsBefore.getOrDefault(e.getKey(), 0L);
                row("topic on the broker after " + String.format(Locale.ROOT, "%,d", intents) + " more intents: " + e.getKey(),
                        mib(e.getValue()), String.format(Locale.ROOT, "%,.1f B per intent", grown / (double) intents), "");
            }
        } finally {
            for (Process p : List.of(router, sink)) {
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(config.postgres().url(), config.postgres().user(),
                    config.postgres().password()); java.sql.Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    /** {@code mainClass config} in a JVM of its own with this classpath and {@code heap} ({@code -Xmx…}), output to {@code log}. */
    private static Process jvm(String mainClass, String heap, Path config, Path log) throws java.io.IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap,
                "-cp", System.getProperty("java.class.path"), mainClass, config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Sends {@code n} intents keyed by instrument, OPEN and CLOSE in turn so positions stay bounded. */
    private static void sendIntents(KafkaProducer<String, String> producer, TradeosConfig config, String tag, int n, int offset) {
        for (int i = 0; i < n; i++) {
            String instrument = INSTRUMENTS.get(i % INSTRUMENTS.size());
            String id = tag + "-" + (offset + i);
            String intent = intent(id, instrument);
            if ((i / INSTRUMENTS.size()) % 2 == 1) {
                intent = intent.replace("\"action\":\"OPEN\"", "\"action\":\"CLOSE\"");
            }
            producer.send(new ProducerRecord<>(config.topics().intentsApproved(), instrument, intent));
        }
        producer.flush();
    }

    /** The process's resident set (VmRSS of /proc), 0 when it has ended. */
    private static long rssBytes(Process p) {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException ended) {
            return 0;
        }
        return 0;
    }

    /** Bytes on disk per store, over every task directory of the application's state dir. */
    private static Map<String, Long> storeBytes(Path appDir) throws java.io.IOException {
        Map<String, Long> sizes = new java.util.TreeMap<>();
        if (!java.nio.file.Files.isDirectory(appDir)) {
            return sizes;
        }
        try (var tasks = java.nio.file.Files.list(appDir)) {
            for (Path task : tasks.filter(java.nio.file.Files::isDirectory).toList()) {
                Path rocks = task.resolve("rocksdb");
                if (!java.nio.file.Files.isDirectory(rocks)) {
                    continue;
                }
                try (var stores = java.nio.file.Files.list(rocks)) {
                    for (Path store : stores.toList()) {
                        try (var files = java.nio.file.Files.walk(store)) {
                            long bytes = files.filter(java.nio.file.Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
                            sizes.merge(store.getFileName().toString(), bytes, Long::sum);
                        }
                    }
                }
            }
        }
        return sizes;
    }

    /** Bytes per topic on the broker (every partition's log), for the topics whose name starts with {@code prefix}. */
    private Map<String, Long> topicBytes(String prefix) throws Exception {
        Map<String, Long> sizes = new java.util.TreeMap<>();
        try (Admin admin = admin()) {
            var brokers = admin.describeCluster().nodes().get().stream().map(org.apache.kafka.common.Node::id).toList();
            for (var perBroker : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
                for (var logDir : perBroker.values()) {
                    logDir.replicaInfos().forEach((tp, info) -> {
                        if (tp.topic().startsWith(prefix)) {
                            sizes.merge(tp.topic(), info.size(), Long::sum);
                        }
                    });
                }
            }
        }
        return sizes;
    }

    private static void awaitHttp(int port, Duration timeout) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("nothing healthy on port " + port + " within " + timeout);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,.1f MiB", bytes / 1048576.0);
    }

    // ---- scale-out ------------------------------------------------------------------------------

    private void scaleOut(int intents) throws Exception {
        double one = throughput("scale-1", 1, intents);
        double two = throughput("scale-2", 2, intents);
        row("intent throughput (exactly-once), 1 vs 2 router instances",
                String.format(Locale.ROOT, "2 instances: %,.0f intents/s", two),
                String.format(Locale.ROOT, "1 instance: %,.0f intents/s", one),
                String.format(Locale.ROOT, "ratio %.2f (one 2-core machine)", two / one));
    }

    private double throughput(String prefix, int instances, int intents) throws Exception {
        TradeosConfig first = config(prefix, "exactly_once_v2");
        List<RouterService> routers = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < instances; i++) {
                routers.add(startRouter(i == 0 ? first : withPort(first)));
            }
            awaitRunning(routers);
            publishBooks(producer, first, INSTRUMENTS, 20);
            long start = System.nanoTime();
            for (int i = 0; i < intents; i++) {
                String id = prefix + "-" + i;
                producer.send(new ProducerRecord<>(first.topics().intentsApproved(), id, intent(id, INSTRUMENTS.get(i % 3))));
            }
            producer.flush();
            awaitCaughtUp(first.kafka().applicationId(), Duration.ofMinutes(5));
            return intents / ((System.nanoTime() - start) / 1e9);
        } finally {
            routers.forEach(RouterService::close);
        }
    }

    // ---- failover -------------------------------------------------------------------------------

    /**
     * Two router JVMs; one is SIGKILLed while intents for 30 instruments flow; returns the seconds until
     * every instrument has an outcome (order or rejection) for an intent sent after the kill.
     */
    private double failover(int standbys) throws Exception {
        String prefix = "failover-" + standbys + "-" + UUID.randomUUID().toString().substring(0, 6);
        TradeosConfig config = config(prefix, "exactly_once_v2");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("bench-failover");
        List<Integer> ports = List.of(EmbeddedKafka.freePort(), EmbeddedKafka.freePort());
        List<Process> routers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            java.nio.file.Path file = dir.resolve("router-" + i + ".yaml");
            java.nio.file.Files.writeString(file, """
                    kafka:
                      bootstrap-servers: %s
                      application-id: %s
                      partitions: 6
                      num-standby-replicas: %d
                      state-dir: %s
                      properties:
                        consumer.session.timeout.ms: "%d"
                        consumer.heartbeat.interval.ms: "%d"
                        producer.transaction.timeout.ms: "%d"
                    http: {port: %d}
                    routing: {staleness-ms: 3600000}
                    topics: {intents-approved: %s, orderbook: %s, funding: %s, orders-routed: %s, intents-rejected: %s, fills: %s, dlq: %s}
                    """.formatted(kafka.bootstrapServers(), config.kafka().applicationId(), standbys, dir.resolve("state-" + i),
                    SESSION_TIMEOUT_MS, Math.max(100, SESSION_TIMEOUT_MS / 5), TRANSACTION_TIMEOUT_MS,
                    ports.get(i), config.topics().intentsApproved(), config.topics().orderbook(), config.topics().funding(),
                    config.topics().ordersRouted(), config.topics().intentsRejected(), config.topics().fills(), config.topics().dlq()));
            routers.add(jvm(RouterService.class.getName(), "-Xmx512m", file, dir.resolve("router-" + i + ".log")));
        }
        List<String> instruments = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            instruments.add("F" + i + "-USD");
        }
        try (KafkaProducer<String, String> producer = producer();
             KafkaConsumer<String, String> consumer = consumer("read_committed")) {
            awaitHealthy(ports, Duration.ofSeconds(120));
            List<TopicPartition> outputs = new ArrayList<>(partitions(config.topics().intentsRejected()));
            consumer.assign(outputs);
            consumer.seekToEnd(outputs);
            outputs.forEach(consumer::position);
            // warm: every instrument answers before the kill
            sendRound(producer, config, instruments, "warm");
            awaitAllAnswered(consumer, instruments, "warm", Duration.ofSeconds(60));

            routers.get(0).destroyForcibly();
            long killed = System.nanoTime();
            java.util.Set<String> answered = new java.util.HashSet<>();
            int round = 0;
            while (answered.size() < instruments.size()) {
                if (System.nanoTime() - killed > TimeUnit.SECONDS.toNanos(120)) {
                    throw new IllegalStateException("routing did not resume within 120 s");
                }
                String tag = "after" + (round++);
                sendRound(producer, config, instruments, tag);
                long roundEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
                while (System.nanoTime() < roundEnd) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(10))) {
                        if (r.key() != null && r.key().contains("-after")) {
                            answered.add(r.key().substring(0, r.key().indexOf("-after")));
                        }
                    }
                }
            }
            return (System.nanoTime() - killed) / 1e9;
        } finally {
            for (Process p : routers) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void sendRound(KafkaProducer<String, String> producer, TradeosConfig config, List<String> instruments, String tag) {
        for (String instrument : instruments) {
            String id = instrument + "-" + tag + "-" + UUID.randomUUID().toString().substring(0, 6);
            producer.send(new ProducerRecord<>(config.topics().intentsApproved(), id, intent(id, instrument)));
        }
        producer.flush();
    }

    private static void awaitAllAnswered(KafkaConsumer<String, String> consumer, List<String> instruments, String tag,
                                         Duration timeout) {
        java.util.Set<String> answered = new java.util.HashSet<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (answered.size() < instruments.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + answered.size() + " instruments answered");
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                if (r.key() != null && r.key().contains("-" + tag + "-")) {
                    answered.add(r.key().substring(0, r.key().indexOf("-" + tag + "-")));
                }
            }
        }
    }

    private static void awaitHealthy(List<Integer> ports, Duration timeout) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int port : ports) {
            while (true) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("router on " + port + " did not get tasks");
                }
                try {
                    var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/health")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("\"state\":\"RUNNING\"") && !r.body().contains("\"activeTasks\":0")) {
                        break;
                    }
                } catch (java.io.IOException notYet) {
                    // starting
                }
                Thread.sleep(200);
            }
        }
    }

    // ---- plumbing -------------------------------------------------------------------------------

    /** A router config of the default mode (any key; instrument keys take the fast path). */
    private TradeosConfig config(String prefix, String guarantee) throws Exception {
        Map<String, String> env = new HashMap<>();
        String intentCommitMs = System.getProperty("bench.intent-commit-ms");
        if (intentCommitMs != null) {
            env.put("TRADEOS_KAFKA_INTENT_COMMIT_MS", intentCommitMs);
        }
        env.put("TRADEOS_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("TRADEOS_KAFKA_APPLICATION_ID", prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        env.put("TRADEOS_KAFKA_PROCESSING_GUARANTEE", guarantee);
        env.put("TRADEOS_KAFKA_PARTITIONS", "6");
        env.put("TRADEOS_KAFKA_STATE_DIR", java.nio.file.Files.createTempDirectory("bench-state").toString());
        env.put("TRADEOS_HTTP_PORT", Integer.toString(EmbeddedKafka.freePort()));
        env.put("TRADEOS_ROUTING_STALENESS_MS", "3600000"); // books are published once per run
        env.put("TRADEOS_POSTGRES_URL", System.getProperty("bench.postgres-url", "jdbc:postgresql://127.0.0.1:5432/postgres"));
        env.put("TRADEOS_POSTGRES_SCHEMA", "tradeos_bench");
        env.put("TRADEOS_REDIS_KEY_PREFIX", "tradeos-bench:");
        for (String t : List.of("intents-approved", "orderbook", "funding", "orders-routed", "intents-rejected", "fills", "tca", "dlq")) {
            env.put("TRADEOS_TOPICS_" + t.toUpperCase(Locale.ROOT).replace('-', '_'), prefix + "." + t);
        }
        return ConfigLoader.load(instrumentsFile(), env);
    }

    /**
     * A config file that lists {@link #LOAD_INSTRUMENTS} on every venue (environment keys cannot name them), and
     * the routers' extra Kafka properties of {@code -Dbench.kafka-properties=k=v,k=v} (to compare settings).
     */
    private static Path instrumentsFile() throws java.io.IOException {
        StringBuilder yaml = new StringBuilder();
        String extra = System.getProperty("bench.kafka-properties", "");
        if (!extra.isBlank()) {
            yaml.append("kafka:\n  properties:\n");
            for (String pair : extra.split(",")) {
                String[] kv = pair.split("=", 2);
                yaml.append("    ").append(kv[0].trim()).append(": \"").append(kv[1].trim()).append("\"\n");
            }
        }
        yaml.append("venues:\n");
        for (String venue : VENUES) {
            yaml.append("  ").append(venue).append(":\n    symbols: {");
            yaml.append(LOAD_INSTRUMENTS.stream().filter(i -> !INSTRUMENTS.contains(i)).map(i -> i + ": " + i)
                    .collect(Collectors.joining(", ")));
            yaml.append("}\n");
        }
        Path file = java.nio.file.Files.createTempFile("bench-instruments", ".yaml");
        java.nio.file.Files.writeString(file, yaml.toString());
        file.toFile().deleteOnExit();
        return file;
    }

    private static TradeosConfig withPort(TradeosConfig c) throws Exception {
        return new TradeosConfig(c.region(), c.mode(), c.routing(), c.paper(), c.venues(), c.positions(), c.tca(),
                new TradeosConfig.Kafka(c.kafka().bootstrapServers(), c.kafka().applicationId(), c.kafka().processingGuarantee(),
                        c.kafka().numStandbyReplicas(), c.kafka().partitions(), c.kafka().replicationFactor(),
                        java.nio.file.Files.createTempDirectory("bench-state").toString(), c.kafka().inputsKeyedByInstrument(),
                        c.kafka().intentCommitMs(), c.kafka().hangingTransactionMs(), c.kafka().properties()),
                c.topics(), c.http().withPort(EmbeddedKafka.freePort()),
                c.postgres(), c.redis(), c.sink(), c.executor(), c.limits(), c.ingest());
    }

    /**
     * A router as {@code tradeos router} runs it: with the ledger lookup on (the positions of each instrument
     * read once from PostgreSQL, whose schema is migrated here, and the ledger's reachability checked every second).
     */
    private RouterService startRouter(TradeosConfig config) throws Exception {
        try (Database db = new Database(config.postgres())) {
            db.migrate(config.postgres());
        }
        LedgerPositions ledger = new LedgerPositions(config);
        ledgers.add(ledger);
        RouterService router = new RouterService(config, ledger).start();
        awaitRunning(List.of(router));
        return router;
    }

    private static void awaitRunning(List<RouterService> routers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (routers.stream().anyMatch(r -> r.streams().state() != KafkaStreams.State.RUNNING)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("routers did not reach RUNNING");
            }
            Thread.sleep(50);
        }
    }

    /** Waits until the application's group has committed the end offset of every partition it reads. */
    private void awaitCaughtUp(String groupId, Duration timeout) throws Exception {
        try (Admin admin = admin()) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata().get();
                Set<String> topics = committed.keySet().stream().map(TopicPartition::topic).collect(Collectors.toSet());
                if (!topics.isEmpty()) {
                    Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
                    for (String t : topics) {
                        for (TopicPartition tp : partitions(t)) {
                            ask.put(tp, OffsetSpec.latest());
                        }
                    }
                    var ends = admin.listOffsets(ask).all().get();
                    boolean done = ends.entrySet().stream().allMatch(e -> {
                        OffsetAndMetadata c = committed.get(e.getKey());
                        // a transaction marker follows the last record: within one offset of the end is caught up
                        return e.getValue().offset() == 0 || (c != null && c.offset() >= e.getValue().offset() - 1);
                    });
                    if (done) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException(groupId + " did not catch up within " + timeout);
        }
    }

    /** Waits until the router has taken in {@code n} market-data records (applied or superseded). */
    private static void awaitCount(RouterService router, String applied, String superseded, long n, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            double seen = router.registry().find(applied).counters().stream().mapToDouble(c -> c.count()).sum()
                    + router.registry().find(superseded).counters().stream().mapToDouble(c -> c.count()).sum();
            if (seen >= n) {
                return;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the router did not take in " + n + " records within " + timeout);
    }

    private List<TopicPartition> partitions(String topic) throws Exception {
        try (Admin admin = admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
        }
    }

    private void createTopics(List<String> names, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(names.stream().map(n -> new NewTopic(n, partitions, (short) 1)).toList()).all().get();
        }
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return Admin.create(p);
    }

    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private Properties consumerProps(String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 1);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return p;
    }

    private KafkaConsumer<String, String> consumer(String isolation) {
        return new KafkaConsumer<>(consumerProps(isolation), new StringDeserializer(), new StringDeserializer());
    }

    /** True once a record keyed {@code key} is read; false after 30 s without it. */
    private static boolean awaitKey(KafkaConsumer<String, String> consumer, String key) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(1))) {
                if (key.equals(r.key())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void publishBooks(KafkaProducer<String, String> producer, TradeosConfig config, List<String> instruments, int levels) {
        publishBooks(producer, config, instruments, levels, false);
    }

    private static void publishBooks(KafkaProducer<String, String> producer, TradeosConfig config, List<String> instruments,
                                     int levels, boolean keyedByInstrument) {
        for (String instrument : instruments) {
            for (String venue : VENUES) {
                producer.send(new ProducerRecord<>(config.topics().orderbook(), keyedByInstrument ? instrument : venue + ":" + instrument,
                        book(venue, instrument, 1, levels)));
            }
        }
        producer.flush();
    }

    static String book(String venue, String instrument, long seq, int levels) {
        StringBuilder bids = new StringBuilder();
        StringBuilder asks = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            bids.append(i == 0 ? "" : ",").append("[\"").append(67000 - i * 0.5).append("\",\"0.").append(100 + i).append("\"]");
            asks.append(i == 0 ? "" : ",").append("[\"").append(67001 + i * 0.5).append("\",\"0.").append(100 + i).append("\"]");
        }
        return "{\"venue\":\"" + venue + "\",\"instrument\":\"" + instrument + "\",\"timestamp\":\"" + Instant.now()
                + "\",\"sequence\":" + seq + ",\"bids\":[" + bids + "],\"asks\":[" + asks + "]}";
    }

    static String intent(String id, String instrument) {
        return "{\"intentId\":\"" + id + "\",\"instrument\":\"" + instrument + "\",\"direction\":\"LONG\",\"action\":\"OPEN\","
                + "\"quantity\":\"0.5\",\"market\":\"ANY\",\"signalType\":\"momentum\",\"confidence\":0.81,"
                + "\"expectedHoldHours\":48,\"createdAt\":\"" + Instant.now() + "\"}";
    }

    private static long p(long[] samples, double pct) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(pct / 100 * sorted.length) - 1)];
    }

    private static String pct(long[] s) {
        return String.format(Locale.ROOT, "p50 %.2f / p99 %.2f / p99.9 %.2f ms", p(s, 50) / 1e6, p(s, 99) / 1e6, p(s, 99.9) / 1e6);
    }

    private static String goal(boolean met, String goal) {
        return goal + (met ? ": met" : ": MISSED");
    }

    private void row(String what, String product, String baseline, String verdict) {
        rows.add(new String[]{what, product, baseline, verdict});
        System.out.printf("%s%n    %s | %s | %s%n", what, product, baseline, verdict);
    }

    private void printTable() {
        System.out.println();
        System.out.println("| measure | product | raw baseline (same run) | verdict |");
        System.out.println("|---|---|---|---|");
        rows.forEach(r -> System.out.println("| " + String.join(" | ", r) + " |"));
    }
}
