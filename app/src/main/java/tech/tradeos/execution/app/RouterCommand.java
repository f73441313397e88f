package tech.tradeos.execution.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.sink.LedgerPositions;
import tech.tradeos.execution.topology.RouterService;

/** {@code tradeos router}: runs one router instance (Kafka Streams + ops HTTP) until stopped. */
@Command(name = "router",
        description = {"Run a router instance against the configured Kafka cluster.",
                "More instances with the same kafka.application-id (each with its own http.port and "
                        + "kafka.state-dir) share the work and take over each other's partitions."},
        mixinStandardHelpOptions = true)
final class RouterCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "<yaml>", defaultValue = "${env:TRADEOS_CONFIG}",
            description = "Config file (default: $TRADEOS_CONFIG; keys left out keep their defaults).")
    Path config;

    @Override
    public Integer call() throws Exception {
        TradeosConfig cfg = ConfigLoader.load(config, System.getenv());
        try (LedgerPositions positions = new LedgerPositions(cfg)) {
            RouterService.runUntilShutdown(cfg, positions);
        }
        return 0;
    }
}
