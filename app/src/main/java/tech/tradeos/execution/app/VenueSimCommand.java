package tech.tradeos.execution.app;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tech.tradeos.execution.executor.sim.BookFeed;
import tech.tradeos.execution.executor.sim.Faults;
import tech.tradeos.execution.executor.sim.VenueSimulator;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;

/** {@code tradeos venue-sim}: the local venue simulator the executor, the tests and the LIVE demo trade against. */
@Command(name = "venue-sim",
        description = {"Run the venue simulator for the eight venues — Kraken Spot (/0/...), Kraken Futures (/derivatives/...),",
                "Coinbase (/api/v3/brokerage/...), Gemini (/v1/...), Binance spot (/api/v3/...) and USDⓈ-M (/fapi/...), Bybit (/v5/...) —",
                "on 127.0.0.1:<port>, checking signatures with the credentials of executor.venues, filling IOC orders against",
                "the books on marketdata.orderbook. Faults: POST /sim/faults {\"latencyMs\":0,\"serverError\":0.05,",
                "\"tooManyRequests\":0.05,\"lostResponse\":0.05,\"reject\":0.05,\"partialFill\":0.2,\"seed\":1}; GET /sim/state."},
        mixinStandardHelpOptions = true)
final class VenueSimCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "<yaml>", defaultValue = "${env:TRADEOS_CONFIG}",
            description = "Config file (default: $TRADEOS_CONFIG): the venue table, executor.venues' credentials, Kafka.")
    Path config;

    @Option(names = "--port", paramLabel = "<port>", defaultValue = "7090", description = "Port on 127.0.0.1 (default: 7090).")
    int port;

    @Option(names = "--no-books", description = "Do not read marketdata.orderbook (books come from POST /sim/book).")
    boolean noBooks;

    @Override
    public Integer call() throws Exception {
        TradeosConfig cfg = ConfigLoader.load(config, System.getenv());
        Map<String, VenueSimulator.Account> accounts = new HashMap<>();
        cfg.executor().venues().forEach((venue, live) -> accounts.put(venue, new VenueSimulator.Account(
                live.apiKey() == null ? "" : live.apiKey(), live.secret())));
        VenueSimulator sim = new VenueSimulator(cfg, accounts, port, Faults.NONE).start();
        BookFeed feed = noBooks ? null : new BookFeed(cfg, sim).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (feed != null) {
                feed.close();
            }
            sim.close();
            stopped.countDown();
        }, "venue-sim-shutdown"));
        System.out.println("venue simulator on http://127.0.0.1:" + sim.port() + " (Kraken /0/ and /derivatives/, Coinbase /api/v3/brokerage/,"
                + " Gemini /v1/, Binance /api/v3/ and /fapi/, Bybit /v5/)");
        stopped.await();
        return 0;
    }
}
