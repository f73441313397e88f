package tech.tradeos.execution.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.position.PositionLedger;
import tech.tradeos.execution.ops.OpsAccess;
import tech.tradeos.execution.sink.LedgerPositions;
import tech.tradeos.execution.topology.BrokerCheck;
import tech.tradeos.execution.topology.RouterService;

/**
 * {@code tradeos router}: runs one router instance (Kafka Streams + ops HTTP) until stopped. Before it
 * starts anything it checks that the brokers answer and that the ledger it reads exists, and otherwise
 * exits with one sentence saying what is missing — never a router that silently holds every intent.
 */
@Command(name = "router",
        description = {"Run a router instance against the configured Kafka cluster.",
                "More instances with the same kafka.application-id (each with its own http.port and "
                        + "kafka.state-dir) share the work and take over each other's partitions.",
                "Exits 3 when Kafka or the ledger (unless positions.ledger is false) cannot be reached at start."},
        mixinStandardHelpOptions = true)
final class RouterCommand implements Callable<Integer> {
    /** How long start-up waits for Kafka, then for the ledger's PostgreSQL, before it gives up. */
    static final Duration STARTUP_PATIENCE = Duration.ofSeconds(12);

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "<yaml>", defaultValue = "${env:TRADEOS_CONFIG}",
            description = "Config file (default: $TRADEOS_CONFIG; keys left out keep their defaults).")
    Path config;

    @Override
    public Integer call() throws Exception {
        TradeosConfig cfg = ConfigLoader.load(config, System.getenv());
        OpsAccess.from(cfg.http(), cfg.http().port()); // a token missing for a public bind is said before anything waits
        String problem = BrokerCheck.problem(cfg, STARTUP_PATIENCE);
        if (problem == null && cfg.positions().ledger()) {
            problem = LedgerPositions.startupProblem(cfg, STARTUP_PATIENCE);
        }
        if (problem != null) {
            spec.commandLine().getErr().println("tradeos router: " + problem);
            return Tradeos.EXIT_UNAVAILABLE;
        }
        if (!cfg.positions().ledger()) {
            RouterService.runUntilShutdown(cfg, config, PositionLedger.NONE);
            return 0;
        }
        try (LedgerPositions positions = new LedgerPositions(cfg)) {
            RouterService.runUntilShutdown(cfg, config, positions);
        }
        return 0;
    }
}
