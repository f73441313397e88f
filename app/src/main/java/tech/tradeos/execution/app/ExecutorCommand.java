package tech.tradeos.execution.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tradeos.execution.executor.ExecutionStage;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.StartBanner;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.sink.LedgerPositions;
import tech.tradeos.execution.topology.BrokerCheck;

/** {@code tradeos executor}: the live execution stage (LIVE orders to the venues; order updates and fills back). */
@Command(name = "executor",
        description = {"Run the live execution stage: consume LIVE orders from execution.orders.routed, place them at",
                "the venues of executor.venues, publish execution.orders.updates and execution.fills. Instances with the",
                "same executor.group-id share the work. Exits 3 when Kafka cannot be reached at start."},
        mixinStandardHelpOptions = true)
final class ExecutorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "<yaml>", defaultValue = "${env:TRADEOS_CONFIG}",
            description = "Config file (default: $TRADEOS_CONFIG; keys left out keep their defaults).")
    Path config;

    @Override
    public Integer call() throws Exception {
        TradeosConfig cfg = ConfigLoader.load(config, System.getenv());
        String problem = BrokerCheck.problem(cfg, RouterCommand.STARTUP_PATIENCE);
        if (problem != null) {
            spec.commandLine().getErr().println("tradeos executor: " + problem);
            return Tradeos.EXIT_UNAVAILABLE;
        }
        java.util.Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("group", cfg.executor().groupId());
        details.put("venues", cfg.executor().venues()); // LiveVenue's toString hides the key and secret
        details.put("http", cfg.http().bind() + ":" + cfg.executor().httpPort());
        details.put("ledger", "PostgreSQL " + tech.tradeos.execution.model.config.Redaction.url(cfg.postgres().url()) + " (reconciliation)");
        org.slf4j.LoggerFactory.getLogger(ExecutorCommand.class).info(StartBanner.line("executor", config, cfg, details));
        try (LedgerPositions ledger = new LedgerPositions(cfg)) {
            ExecutionStage stage = new ExecutionStage(cfg, ledger).start();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stage.close();
                stopped.countDown();
            }, "executor-shutdown"));
            stopped.await();
        }
        return 0;
    }
}
