package tech.tradeos.execution.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tradeos.execution.ingest.IngestBridge;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.topology.BrokerCheck;

/** {@code tradeos ingest}: an existing ingestion stack's market data (cryptofeed's Kafka backend) onto the router's topics. */
@Command(name = "ingest",
        description = {"Bridge cryptofeed's Kafka topics (book-<EXCHANGE>-<SYMBOL>, funding-<EXCHANGE>-<SYMBOL>) onto",
                "marketdata.orderbook and marketdata.funding, mapped by ingest.mappings. Exits 3 when Kafka cannot be reached."},
        mixinStandardHelpOptions = true)
final class IngestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "<yaml>", defaultValue = "${env:TRADEOS_CONFIG}", description = "Config file (default: $TRADEOS_CONFIG).")
    Path config;

    @Override
    public Integer call() throws Exception {
        TradeosConfig cfg = ConfigLoader.load(config, System.getenv());
        String problem = BrokerCheck.problem(cfg, RouterCommand.STARTUP_PATIENCE);
        if (problem != null) {
            spec.commandLine().getErr().println("tradeos ingest: " + problem);
            return Tradeos.EXIT_UNAVAILABLE;
        }
        IngestBridge bridge = new IngestBridge(cfg).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bridge.close();
            stopped.countDown();
        }, "ingest-shutdown"));
        stopped.await();
        return 0;
    }
}
