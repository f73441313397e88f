package tech.tradeos.execution.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.sink.SinkService;

/** {@code tradeos sink}: records fills and routed orders in PostgreSQL, caches positions in Redis, publishes TCA. */
@Command(name = "sink",
        description = {"Run the sink: fills and routed orders into the PostgreSQL ledger (schema migrated at start),",
                "positions cached in Redis, TCA to execution.tca and its ops HTTP on sink.http-port."},
        mixinStandardHelpOptions = true)
final class SinkCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "<yaml>", defaultValue = "${env:TRADEOS_CONFIG}",
            description = "Config file (default: $TRADEOS_CONFIG; keys left out keep their defaults).")
    Path config;

    @Override
    public Integer call() throws Exception {
        SinkService.runUntilShutdown(ConfigLoader.load(config, System.getenv()), config);
        return 0;
    }
}
