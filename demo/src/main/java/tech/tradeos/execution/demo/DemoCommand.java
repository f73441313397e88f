package tech.tradeos.execution.demo;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tradeos.execution.embedded.EmbeddedKafka;
import tech.tradeos.execution.app.simulation.IntentGenerator;
import tech.tradeos.execution.app.simulation.MarketSimulator;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.Region;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.position.PositionLedger;
import tech.tradeos.execution.model.tca.TcaUpdate;
import tech.tradeos.execution.model.topic.KafkaClients;
import tech.tradeos.execution.sink.LedgerPositions;
import tech.tradeos.execution.sink.SinkService;
import tech.tradeos.execution.topology.RouterService;

/**
 * {@code tradeos demo}: the whole execution layer in one command — a KRaft broker in this JVM, the
 * router, the sink on the local (or an embedded) PostgreSQL and the local Redis, a simulated market for
 * the 8 venues and an intent generator — with a live summary on the terminal and the dashboard on the
 * router's HTTP.
 */
@Command(name = "demo",
        description = {"Run the execution layer end to end on an embedded Kafka broker with a simulated market.",
                "Uses the local PostgreSQL (schema tradeos_demo, recreated) when it answers, else an embedded one,",
                "and the local Redis when it answers."},
        mixinStandardHelpOptions = true)
public final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);
    static final List<String> INSTRUMENTS = List.of("BTC-USD", "ETH-USD", "SOL-USD");

    @Spec
    CommandSpec spec;

    @Option(names = "--region", defaultValue = "US", description = "US or GLOBAL (default ${DEFAULT-VALUE}).")
    Region region;

    @Option(names = "--rate", defaultValue = "2", description = "Intents per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", description = "Stop after this long (ISO-8601, e.g. PT2M); default: until Ctrl-C.")
    Duration duration;

    @Option(names = "--http-port", defaultValue = "7070", description = "Router ops HTTP and dashboard port (default ${DEFAULT-VALUE}); the sink uses the next one.")
    int httpPort;

    @Option(names = "--seed", description = "Random seed for a repeatable market and intent stream.")
    Long seed;

    @Option(names = "--mode", defaultValue = "PAPER", description = "PAPER (the router fills at once) or LIVE (the executor "
            + "places every order at a local venue simulator, Kraken Spot and Kraken Futures; default ${DEFAULT-VALUE}).")
    tech.tradeos.execution.model.Mode mode;

    @Option(names = "--market", defaultValue = "direct", description = "How the simulated market arrives: direct (onto the "
            + "router's topics), redis (the ingestion service's Redis keys), cryptofeed-kafka or cryptofeed-redis (cryptofeed's "
            + "backends); all but direct run the ingestion bridge to carry it (default ${DEFAULT-VALUE}).")
    String marketSource;

    private final Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        if (rate <= 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--rate must be > 0");
        }
        if (!DemoFeed.MARKETS.contains(marketSource)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--market must be one of " + DemoFeed.MARKETS);
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        out.println("TradeOS demo: starting an embedded Kafka broker…");
        out.flush();
        Random random = seed == null ? new Random() : new Random(seed);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            DemoEnvironment.Taken shell = DemoEnvironment.from(System.getenv());
            if (!shell.ignored().isEmpty()) {
                out.println("TradeOS demo: ignoring " + shell.ignored() + " (the demo never uses a deployment's brokers, "
                        + "topics, schema, cache prefix or ports)");
            }
            Map<String, String> env = new HashMap<>(shell.env());
            env.put("TRADEOS_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put("TRADEOS_KAFKA_APPLICATION_ID", "tradeos-demo");
            env.put("TRADEOS_KAFKA_STATE_DIR", Files.createTempDirectory("tradeos-demo-state").toString());
            env.put("TRADEOS_KAFKA_PARTITIONS", "3");
            env.put("TRADEOS_SINK_GROUP_ID", "tradeos-demo-sink");
            env.put("TRADEOS_REGION", region.name());
            env.put("TRADEOS_HTTP_PORT", Integer.toString(httpPort));
            env.put("TRADEOS_SINK_HTTP_PORT", Integer.toString(httpPort + 1));
            if (mode == tech.tradeos.execution.model.Mode.LIVE) {
                LiveDemo.configure(env);
            }
            TradeosConfig config = ConfigLoader.load(null, env);
            if (!marketSource.equals("direct")) {
                DemoFeed.configureBridge(marketSource, env, config.redis().uri(), config.redis().keyPrefix(), EmbeddedKafka.freePort());
                config = ConfigLoader.load(null, env);
            }
            try (DemoPostgres postgres = DemoPostgres.find(config, out)) {
                if (postgres.embedded()) {
                    env.put("TRADEOS_POSTGRES_URL", postgres.url);
                    env.put("TRADEOS_POSTGRES_USER", postgres.user);
                    env.put("TRADEOS_POSTGRES_PASSWORD", "");
                    config = ConfigLoader.load(null, env);
                }
                return run(config, postgres.available(), out, random, stop);
            }
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for us
            }
        }
    }

    private int run(TradeosConfig config, boolean postgres, PrintWriter out, Random random, CountDownLatch stop) throws Exception {
        boolean redis = redisAnswers(config);
        if (!redis && marketSource.contains("redis")) {
            out.println("--market " + marketSource + " needs Redis, and Redis does not answer at " + config.redis().uri()
                    + " (TRADEOS_REDIS_URI); try --market cryptofeed-kafka");
            return 2;
        }
        if (!redis) {
            out.println("Redis does not answer at " + config.redis().uri() + ": running without the hot cache; "
                    + "positions are read from PostgreSQL.");
        }
        SinkService sink = null;
        LedgerPositions positions = null;
        RouterService router = null;
        LiveDemo live = null;
        tech.tradeos.execution.ingest.IngestBridge bridge = null;
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        try (KafkaProducer<String, String> producer = producer(config);
             DemoFeed feed = DemoFeed.open(marketSource, config, producer, clock)) {
            if (postgres) {
                resetDemoSchema(config);
                sink = new SinkService(config).start();
                positions = new LedgerPositions(config);
            }
            router = new RouterService(config, positions == null ? PositionLedger.NONE : positions).start();
            if (config.mode() == tech.tradeos.execution.model.Mode.LIVE) {
                live = LiveDemo.start(config, positions == null ? PositionLedger.NONE : positions);
                out.println("LIVE: orders go to the venue simulator on http://127.0.0.1:" + live.simulatorPort()
                        + " (Kraken Spot and Kraken Futures; other venues are off)");
            }
            if (!marketSource.equals("direct")) {
                bridge = new tech.tradeos.execution.ingest.IngestBridge(config).start();
            }
            out.println("Market: " + DemoFeed.describe(marketSource));
            RouterService r = router;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (r.streams().state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(100); // start-up, not synchronisation: the summary says when it is running
            }
            MarketSimulator market = new MarketSimulator(config, INSTRUMENTS, new Random(random.nextLong()), clock);
            IntentGenerator intents = new IntentGenerator(INSTRUMENTS, config.region(), new Random(random.nextLong()), clock);
            AtomicLong sent = new AtomicLong();
            scheduler.scheduleAtFixedRate(guard(() -> market.tick((key, book) -> feed.book(book))), 0, 250, TimeUnit.MILLISECONDS);
            scheduler.scheduleAtFixedRate(guard(() -> market.funding().forEach(f -> feed.funding(f, market.mid(f.instrument())))),
                    0, 30, TimeUnit.SECONDS);
            long periodMicros = (long) (1_000_000 / rate);
            // through the bridge the first books take longer: its pattern subscription sees a new topic within 5 s
            long firstIntentMicros = marketSource.equals("direct") ? 1_500_000 : 7_000_000;
            scheduler.scheduleAtFixedRate(guard(() -> {
                ApprovedIntent intent = intents.next();
                // keyed by instrument: the router routes it in the task that reads it (no repartition hop)
                producer.send(new ProducerRecord<>(config.topics().intentsApproved(), intent.instrument(), Json.text(intent)));
                sent.incrementAndGet();
            }), firstIntentMicros, periodMicros, TimeUnit.MICROSECONDS);

            Instant started = clock.instant();
            try (DemoMonitor monitor = new DemoMonitor(config)) {
                SinkService s = sink;
                boolean finished = false;
                while (!finished) {
                    finished = stop.await(2, TimeUnit.SECONDS)
                            || (duration != null && Duration.between(started, clock.instant()).compareTo(duration) >= 0);
                    printSummary(out, config, started, sent.get(), monitor, s, market);
                }
                scheduler.shutdownNow();
                out.println("TradeOS demo: stopping…");
                out.flush();
            }
            return 0;
        } finally {
            scheduler.shutdownNow();
            if (bridge != null) {
                bridge.close();
            }
            if (live != null) {
                live.close();
            }
            if (router != null) {
                router.close();
            }
            if (positions != null) {
                positions.close();
            }
            if (sink != null) {
                sink.close();
            }
        }
    }

    private void printSummary(PrintWriter out, TradeosConfig config, Instant started, long sent, DemoMonitor m,
                              SinkService sink, MarketSimulator market) {
        StringBuilder s = new StringBuilder();
        if (System.console() != null) {
            s.append("\033[H\033[2J");
        }
        Duration up = Duration.between(started, clock.instant());
        s.append(String.format(Locale.ROOT, "TradeOS Execution Layer — demo   region %s · %s · %.1f intents/s · up %02d:%02d:%02d%n",
                config.region(), config.mode(), rate, up.toHours(), up.toMinutesPart(), up.toSecondsPart()));
        s.append(String.format("Dashboard  http://%s:%d/    sink: http://%s:%d/tca    Ctrl-C stops%n",
                config.http().bind(), config.http().port(), config.http().bind(), config.sink().httpPort()));
        s.append(String.format(Locale.ROOT, "Market     BTC %.1f  ETH %.2f  SOL %.3f%n",
                market.mid("BTC-USD"), market.mid("ETH-USD"), market.mid("SOL-USD")));
        s.append(String.format("Intents    sent %d · routed %d (fallback %d) · rejected %d · fills %d%n",
                sent, m.routed.get(), m.fallbacks.get(), m.rejected.get(), m.fills.get()));
        s.append("Venue mix  ").append(DemoMonitor.counts(m.venues)).append('\n');
        s.append("Rejected   ").append(DemoMonitor.counts(m.reasons)).append('\n');
        if (sink != null) {
            try {
                TcaUpdate.Snapshot tca = sink.tca().refresh();
                long trades = tca.signals().stream().mapToLong(TcaUpdate.SignalStats::closedTrades).sum();
                long wins = tca.signals().stream().mapToLong(TcaUpdate.SignalStats::wins).sum();
                s.append(String.format(Locale.ROOT, "P&L        realized %s · funding %s · unrealized %s · equity %s · closed trades %d (wins %d) · max drawdown %.3f%% · Sharpe %s%n",
                        money(tca.session().realizedPnl()), money(tca.session().funding()), money(tca.session().unrealizedPnl()),
                        money(tca.session().equity()), trades, wins, tca.session().maxDrawdown() * 100,
                        tca.session().sharpe() == null ? "n/a (needs 2 return periods)" : String.format(Locale.ROOT, "%.2f", tca.session().sharpe())));
                java.math.BigDecimal saved = tca.venues().stream().map(TcaUpdate.VenueStats::expectedSavings)
                        .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
                java.math.BigDecimal notional = tca.venues().stream().map(TcaUpdate.VenueStats::notionalUsd)
                        .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
                s.append(String.format(Locale.ROOT, "SOR        saved %s USD vs the static priority list (%s bps of notional)%n", money(saved),
                        notional.signum() == 0 ? "-" : money(saved.multiply(java.math.BigDecimal.valueOf(10_000))
                                .divide(notional, 2, java.math.RoundingMode.HALF_EVEN))));
            } catch (RuntimeException e) {
                s.append("P&L        unavailable: ").append(e.getMessage()).append('\n');
            }
        }
        out.print(s);
        out.flush();
    }

    private static String money(java.math.BigDecimal v) {
        return v.setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    private static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("demo task failed: {}", e.toString());
            }
        };
    }

    private static KafkaProducer<String, String> producer(TradeosConfig config) {
        Properties p = KafkaClients.producer(config);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static boolean redisAnswers(TradeosConfig config) {
        java.net.URI uri = java.net.URI.create(config.redis().uri());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379), 2_000);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** What the demo writes on the schemas it creates; it drops no schema without it. */
    static final String SCHEMA_MARK = "created by tradeos demo";

    /**
     * A demo starts from an empty ledger: its schema is dropped and created again — only a schema the demo
     * created itself (marked with {@link #SCHEMA_MARK}); any other schema of that name is refused.
     */
    static void resetDemoSchema(TradeosConfig config) throws Exception {
        String schema = config.postgres().schema();
        try (var c = DriverManager.getConnection(config.postgres().url(), config.postgres().user(), config.postgres().password());
             var st = c.createStatement()) {
            try (var mark = c.prepareStatement("SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = ?")) {
                mark.setString(1, schema);
                try (var rs = mark.executeQuery()) {
                    if (rs.next() && !SCHEMA_MARK.equals(rs.getString(1))) {
                        throw new IllegalStateException("schema " + schema + " exists and was not created by the demo; it is "
                                + "left alone. Name the demo's own with TRADEOS_DEMO_POSTGRES_SCHEMA");
                    }
                }
            }
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            st.execute("CREATE SCHEMA " + schema);
            st.execute("COMMENT ON SCHEMA " + schema + " IS '" + SCHEMA_MARK + "'");
        }
    }
}
