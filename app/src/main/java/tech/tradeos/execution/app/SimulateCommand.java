package tech.tradeos.execution.app;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tradeos.execution.app.simulation.IntentGenerator;
import tech.tradeos.execution.app.simulation.MarketSimulator;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.topic.KafkaClients;
import tech.tradeos.execution.topology.BrokerCheck;

/**
 * {@code tradeos simulate}: the demo's simulated market (books every 250 ms, funding every 30 s) and intent
 * stream, written to a real cluster's topics — so a fresh deployment shows routing before any real feed or
 * strategy is connected. Not for production topics that real producers use.
 */
@Command(name = "simulate",
        description = {"Write a simulated market (books, funding) and a stream of approved intents to the configured",
                "topics: something to route on a deployment with no feed yet (the compose stack's 'demo' profile)."},
        mixinStandardHelpOptions = true)
final class SimulateCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(SimulateCommand.class);
    private static final List<String> INSTRUMENTS = List.of("BTC-USD", "ETH-USD", "SOL-USD");

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "<yaml>", defaultValue = "${env:TRADEOS_CONFIG}", description = "Config file (default: $TRADEOS_CONFIG).")
    Path config;

    @Option(names = "--rate", defaultValue = "1", description = "Intents per second (default ${DEFAULT-VALUE}; 0: market data only).")
    double rate;

    @Option(names = "--seed", description = "Random seed for a repeatable market and intent stream.")
    Long seed;

    @Override
    public Integer call() throws Exception {
        if (rate < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--rate must be >= 0");
        }
        TradeosConfig cfg = ConfigLoader.load(config, System.getenv());
        String problem = BrokerCheck.problem(cfg, RouterCommand.STARTUP_PATIENCE);
        if (problem != null) {
            spec.commandLine().getErr().println("tradeos simulate: " + problem);
            return Tradeos.EXIT_UNAVAILABLE;
        }
        Random random = seed == null ? new Random() : new Random(seed);
        Clock clock = Clock.systemUTC();
        MarketSimulator market = new MarketSimulator(cfg, INSTRUMENTS, new Random(random.nextLong()), clock);
        IntentGenerator intents = new IntentGenerator(INSTRUMENTS, cfg.region(), new Random(random.nextLong()), clock);
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        CountDownLatch stopped = new CountDownLatch(1);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaClients.producer(cfg), new StringSerializer(), new StringSerializer())) {
            scheduler.scheduleAtFixedRate(guard(() -> market.tick((key, book) ->
                    producer.send(new ProducerRecord<>(cfg.topics().orderbook(), book.instrument(), Json.text(book))))), 0, 250, TimeUnit.MILLISECONDS);
            scheduler.scheduleAtFixedRate(guard(() -> market.funding().forEach(f -> producer.send(new ProducerRecord<>(
                    cfg.topics().funding(), f.instrument(), Json.text(f))))), 0, 30, TimeUnit.SECONDS);
            if (rate > 0) {
                scheduler.scheduleAtFixedRate(guard(() -> {
                    ApprovedIntent intent = intents.next();
                    // every input keyed by instrument: the router's fast path (docs/README.md §Topics)
                    producer.send(new ProducerRecord<>(cfg.topics().intentsApproved(), intent.instrument(), Json.text(intent)));
                }), 1_000_000, (long) (1_000_000 / rate), TimeUnit.MICROSECONDS);
            }
            LOG.info("simulating {} on {} ({} intents/s)", INSTRUMENTS, cfg.kafka().bootstrapServers(), rate);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "simulate-shutdown"));
            stopped.await();
        } finally {
            scheduler.shutdownNow();
        }
        return 0;
    }

    private static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("simulation step failed: {}", e.toString()); // a failed step must not end the schedule
            }
        };
    }
}
