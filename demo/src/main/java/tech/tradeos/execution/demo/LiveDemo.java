package tech.tradeos.execution.demo;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import tech.tradeos.execution.embedded.EmbeddedKafka;
import tech.tradeos.execution.executor.ExecutionStage;
import tech.tradeos.execution.executor.sim.BookFeed;
import tech.tradeos.execution.executor.sim.Faults;
import tech.tradeos.execution.executor.sim.VenueSimulator;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.position.PositionLedger;

/**
 * {@code ./tradeos demo --mode LIVE}: the router in LIVE mode, the executor, and the venue simulator the
 * executor trades at, fed the demo's own books; credentials made up for the run. Only the venues with a live
 * adapter (Kraken Spot, Kraken Futures) are on.
 */
final class LiveDemo implements AutoCloseable {
    private static final String[] OFF = {"COINBASE", "GEMINI", "BINANCE_SPOT", "BINANCE_FUTURES", "BYBIT_SPOT", "BYBIT_PERP"};

    private final VenueSimulator simulator;
    private final BookFeed books;
    private final ExecutionStage executor;

    private LiveDemo(VenueSimulator simulator, BookFeed books, ExecutionStage executor) {
        this.simulator = simulator;
        this.books = books;
        this.executor = executor;
    }

    /** The demo's environment for LIVE: mode, venues, the executor's ports, simulator URLs and credentials. */
    static void configure(Map<String, String> env) throws IOException {
        env.put("TRADEOS_MODE", "LIVE");
        for (String venue : OFF) {
            env.put("TRADEOS_VENUES_" + venue + "_ENABLED", "false");
        }
        int simPort = EmbeddedKafka.freePort();
        env.put("TRADEOS_EXECUTOR_GROUP_ID", "tradeos-demo-executor");
        env.put("TRADEOS_EXECUTOR_HTTP_PORT", Integer.toString(EmbeddedKafka.freePort()));
        env.put("TRADEOS_EXECUTOR_LOOKUP_INTERVAL_MS", "200");
        SecureRandom random = new SecureRandom();
        for (String venue : new String[] {"KRAKEN_SPOT", "KRAKEN_FUTURES"}) {
            byte[] secret = new byte[64];
            random.nextBytes(secret);
            env.put("TRADEOS_EXECUTOR_VENUES_" + venue + "_BASE_URL", "http://127.0.0.1:" + simPort);
            env.put("TRADEOS_EXECUTOR_VENUES_" + venue + "_API_KEY", "demo-" + venue.toLowerCase());
            env.put("TRADEOS_EXECUTOR_VENUES_" + venue + "_API_SECRET", Base64.getEncoder().encodeToString(secret));
            env.put("TRADEOS_EXECUTOR_VENUES_" + venue + "_RATE_PER_SECOND", "100");
            env.put("TRADEOS_EXECUTOR_VENUES_" + venue + "_BURST", "100");
        }
    }

    static LiveDemo start(TradeosConfig config, PositionLedger ledger) throws IOException {
        Map<String, VenueSimulator.Account> accounts = new HashMap<>();
        config.executor().venues().forEach((venue, live) -> accounts.put(venue, new VenueSimulator.Account(live.apiKey(), live.secret())));
        int port = Integer.parseInt(config.executor().venues().get("KRAKEN_SPOT").baseUrl().replaceAll(".*:", ""));
        // a little of everything the executor must survive: partial fills and the odd lost answer or reject
        VenueSimulator simulator = new VenueSimulator(config, accounts, port, new Faults(0, 0.01, 0.01, 0.01, 0.02, 0.1, 7)).start();
        BookFeed books = new BookFeed(config, simulator).start();
        return new LiveDemo(simulator, books, new ExecutionStage(config, ledger).start());
    }

    int simulatorPort() {
        return simulator.port();
    }

    @Override
    public void close() {
        executor.close();
        books.close();
        simulator.close();
    }
}
