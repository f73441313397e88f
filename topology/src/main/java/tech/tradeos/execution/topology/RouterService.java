package tech.tradeos.execution.topology;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import tech.tradeos.execution.model.topic.OpenTransactions;
import tech.tradeos.execution.topology.control.ControlBoard;
import tech.tradeos.execution.topology.control.ControlDesk;
import tech.tradeos.execution.model.topic.StuckPartitionMonitor;
import tech.tradeos.execution.model.topic.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.StartBanner;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.position.PositionLedger;
import tech.tradeos.execution.topology.metrics.RouterMetrics;
import tech.tradeos.execution.topology.ops.InteractiveQueries;
import tech.tradeos.execution.topology.ops.OpsHttpServer;

/**
 * One router instance: the topology on Kafka Streams, its metrics and its ops HTTP. N instances with
 * the same {@code kafka.application-id} share the partitions and take over each other's work.
 */
public final class RouterService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouterService.class);

    private final TradeosConfig config;
    private final KafkaStreams streams;
    private final OpsHttpServer http;
    private final StuckPartitionMonitor stuck;
    private final ControlDesk control;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaStreamsMetrics streamsMetrics;

    /** A router that checks positions against its own record only (no ledger). */
    public RouterService(TradeosConfig config) throws IOException {
        this(config, PositionLedger.NONE);
    }

    /** A router whose trade path reads the ledger's positions through {@code ledger} (Redis, then PostgreSQL). */
    public RouterService(TradeosConfig config, PositionLedger ledger) throws IOException {
        this.config = config;
        TopicProvisioner.ensureTopics(config);
        String limitWarning = RecordLimits.warning(config);
        if (limitWarning != null) {
            LOG.warn(limitWarning);
        }
        RouterMetrics metrics = new RouterMetrics(registry);
        // 1 while Redis or PostgreSQL answers the ledger's check, 0 while positions are UNKNOWN (docs/README.md §Positions)
        io.micrometer.core.instrument.Gauge.builder("tradeos.ledger.reachable", ledger, l -> l.reachable() ? 1 : 0)
                .description("1 while the positions ledger answers, 0 while positions are UNKNOWN").register(registry);
        int inputPartitions = config.kafka().inputsKeyedByInstrument()
                ? TopicProvisioner.sharedInputPartitions(config) : config.kafka().partitions();
        ControlBoard board = new ControlBoard(config);
        control = new ControlDesk(config, board);
        board.refusals(control::deadLetter);
        streams = new KafkaStreams(RouterTopology.build(config, metrics, ledger, inputPartitions, board),
                RouterStreamsConfig.properties(config));
        io.micrometer.core.instrument.Counter replaced = registry.counter("tradeos.stream.threads.replaced");
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it", e);
            replaced.increment();
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> LOG.info("router state {} -> {}", before, now));
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        tech.tradeos.execution.ops.JvmBinders.bindTo(registry);
        Topics all = Topics.from(config);
        metrics.deadLetterTopics(java.util.List.of(all.intentsApproved().name(), all.orderbook().name(), all.funding().name(),
                all.fillsIn().name(), all.control().name()));
        String appId = config.kafka().applicationId();
        stuck = new StuckPartitionMonitor(config, admin -> OpenTransactions.readTopics(Topics.from(config),
                repartitionTopics(admin, appId)));
        io.micrometer.core.instrument.Gauge.builder("tradeos.kafka.partitions.stuck", stuck, m -> m.stuck().size())
                .description("partitions this instance reads whose last stable offset has not moved for kafka.hanging-transaction-ms")
                .register(registry);
        HostInfo self = new HostInfo(advertised(config), config.http().port());
        http = new OpsHttpServer(config, streams, new InteractiveQueries(streams, self), registry, metrics.recent(), ledger,
                Clock.systemUTC(), stuck::stuck, control);
    }

    private static String advertised(TradeosConfig config) {
        return config.http().bind().equals("0.0.0.0") ? config.http().advertisedHost() : config.http().bind();
    }

    /** The router's own repartition topics (they exist once Kafka Streams has created them). */
    private static java.util.List<String> repartitionTopics(org.apache.kafka.clients.admin.Admin admin, String appId) {
        try {
            return admin.listTopics().names().get(30, java.util.concurrent.TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(appId + "-") && t.endsWith("-repartition")).sorted().toList();
        } catch (Exception e) {
            throw new IllegalStateException("could not list the topics", e);
        }
    }

    public RouterService start() {
        http.start();
        streams.start();
        stuck.start();
        LOG.info("router {} started; ops HTTP on port {}", config.kafka().applicationId(), http.port());
        return this;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The instance's meters: Kafka Streams' and the router's own. */
    public io.micrometer.core.instrument.MeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        stuck.close();
        http.close();
        control.close();
        streams.close(Duration.ofSeconds(30));
        streamsMetrics.close();
        registry.close();
    }

    /** Runs an instance until the JVM is asked to stop (Ctrl-C, SIGTERM); closing commits what was processed. */
    /** The router's start banner: version, config, region, mode, brokers, ledger (redacted), ports. */
    public static String banner(TradeosConfig config, Path configFile, PositionLedger ledger) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("application", config.kafka().applicationId());
        details.put("ledger", ledger.describe());
        details.put("http", config.http().bind() + ":" + config.http().port());
        details.put("state", config.kafka().stateDir());
        return StartBanner.line("router", configFile, config, details);
    }

    public static void runUntilShutdown(TradeosConfig config, Path configFile, PositionLedger ledger)
            throws IOException, InterruptedException {
        LOG.info(banner(config, configFile, ledger));
        CountDownLatch stopped = new CountDownLatch(1);
        RouterService service = new RouterService(config, ledger);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down the router");
            service.close();
            stopped.countDown();
        }, "router-shutdown"));
        service.start();
        stopped.await();
    }

    /**
     * {@code RouterService [config.yaml]}: a router without the ledger (the failover tests' entry);
     * {@code tradeos router} is the same with the ledger's positions wired in.
     */
    public static void main(String[] args) throws Exception {
        Path file = args.length > 0 ? Path.of(args[0]) : null;
        runUntilShutdown(ConfigLoader.load(file, System.getenv()), file, PositionLedger.NONE);
    }
}
