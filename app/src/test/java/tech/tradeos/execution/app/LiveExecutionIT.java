package tech.tradeos.execution.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tech.tradeos.execution.embedded.EmbeddedKafka;
import tech.tradeos.execution.executor.sim.Faults;
import tech.tradeos.execution.executor.sim.VenueSimulator;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.PriceLevel;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.sink.Database;
import tech.tradeos.execution.sink.LedgerPositions;
import tech.tradeos.execution.sink.SinkService;
import tech.tradeos.execution.testkit.Await;
import tech.tradeos.execution.testkit.Deployment;
import tech.tradeos.execution.testkit.KafkaBroker;
import tech.tradeos.execution.topology.RouterService;

/**
 * LIVE end to end on a real broker, PostgreSQL and the venue simulator: the router in LIVE mode, the
 * executor in a JVM of its own, the sink; 200 intents across Kraken Spot and Kraken Futures (US), 100 across Binance
 * spot and USDⓈ-M and 100 across Bybit spot and linear (GLOBAL), 100 on Gemini and 100 on Coinbase (US, longs; each
 * venue or pair alone in the venue table), with partial
 * fills, rejects, lost responses, 429s and 5xx injected, and the executor SIGKILLed and restarted.
 * Every intent gets one order, no client id reaches the venue twice, every order ends in a final state,
 * every venue execution is one ledger fill, and the ledger's positions are the simulator's.
 */
class LiveExecutionIT {
    private static final String SPOT_SECRET = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";
    private static final String FUTURES_SECRET = "rttp4AzwRfYEdQ7R7X8Z/04Y4TZPa97pqCypi3xXxAqftygftnI6H9yGV+OcUOOJeFtZkr8mVwbAndU3Kz4Q+eG";
    private static final String BINANCE_SPOT_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private static final String BINANCE_FUTURES_SECRET = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9";
    private static final String GEMINI_SECRET = "3go2Nmh2c2RsZmtqYXNkZmxrajM0NTY";
    private static final String COINBASE_KEY_NAME = "organizations/tradeos-test/apiKeys/live-it";
    /** A test-only P-256 key (openssl ecparam -genkey -name prime256v1): the simulator verifies with the public point inside. */
    private static final String COINBASE_PRIVATE_KEY = """
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEIAwZMMNkyTfO6qHj+kUpIjQFZyIi8O9Q855XycmMaBLKoAoGCCqGSM49
            AwEHoUQDQgAEYZ58PpIikOD2P2f5UBDMiZraEroDxsRKvF5VmYvEn2kWgeKxEXla
            6uuLWx1DKlyk5QmMd2NqOqXNcS1cHtE51w==
            -----END EC PRIVATE KEY-----
            """;
    private static final List<String> INSTRUMENTS = List.of("BTC-USD", "ETH-USD", "SOL-USD");
    private static final Map<String, BigDecimal> MIDS = Map.of("BTC-USD", new BigDecimal("67000"), "ETH-USD",
            new BigDecimal("3500"), "SOL-USD", new BigDecimal("150"));
    private static final int INTENTS = 200;

    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();
    private TradeosConfig config;
    private Path configFile;
    private final List<Process> executors = new ArrayList<>();
    private java.util.concurrent.ScheduledExecutorService operator;

    @AfterEach
    void cleanUp() {
        if (operator != null) {
            operator.shutdownNow();
        }
        executors.forEach(Process::destroyForcibly);
        if (config != null) {
            try (Database db = new Database(config.postgres())) {
                db.jdbi().useHandle(h -> h.execute("DROP SCHEMA IF EXISTS " + config.postgres().schema() + " CASCADE"));
            }
        }
    }

    /** A venue the test trades on: its name and the simulated account's credentials. */
    private record Venue(String name, String apiKey, String secret) {
    }

    @Test
    void twoHundredLiveIntentsThroughFaultsAndTwoExecutorKillsLeaveLedgerAndVenueAgreeing() throws Exception {
        // US: longs on Kraken Spot or Futures, shorts only on Kraken Futures
        live("US", List.of(new Venue("KRAKEN_SPOT", "spot-key", SPOT_SECRET), new Venue("KRAKEN_FUTURES", "futures-key", FUTURES_SECRET)),
                INTENTS, 2, "0.00001", 0);
    }

    @Test
    void aHundredGlobalIntentsOnBinanceThroughFaultsAndAnExecutorKillLeaveLedgerAndVenueAgreeing() throws Exception {
        live("GLOBAL", List.of(new Venue("BINANCE_SPOT", "bn-spot-key", BINANCE_SPOT_SECRET),
                new Venue("BINANCE_FUTURES", "bn-futures-key", BINANCE_FUTURES_SECRET)), 100, 1, "0.0001", 24);
    }

    @Test
    void aHundredGlobalIntentsOnBybitThroughFaultsAndAnExecutorKillLeaveLedgerAndVenueAgreeing() throws Exception {
        live("GLOBAL", List.of(new Venue("BYBIT_SPOT", "by-spot-key", BINANCE_SPOT_SECRET),
                new Venue("BYBIT_PERP", "by-perp-key", BINANCE_FUTURES_SECRET)), 100, 1, "0.0001", 24);
    }

    @Test
    void aHundredUsIntentsOnGeminiThroughFaultsAndAnExecutorKillLeaveLedgerAndVenueAgreeing() throws Exception {
        live("US", List.of(new Venue("GEMINI", "gemini-key", GEMINI_SECRET)), 100, 1, null, 0);
    }

    @Test
    void aHundredUsIntentsOnCoinbaseThroughFaultsAndAnExecutorKillLeaveLedgerAndVenueAgreeing() throws Exception {
        live("US", List.of(new Venue("COINBASE", COINBASE_KEY_NAME, COINBASE_PRIVATE_KEY)), 100, 1, null, 0);
    }

    /**
     * {@code fundingRate} per hour on the perp over intents held {@code holdHours}: with carry, longs go to spot and
     * shorts (paid the carry) to the perp, and every venue must trade; without, longs go to the cheaper perp too. With no
     * perp ({@code fundingRate} null: a spot venue alone) every intent is a long.
     */
    private void live(String region, List<Venue> venues, int intents, int kills, String fundingRate, int holdHours) throws Exception {
        int simPort = EmbeddedKafka.freePort();
        Map<String, String> env = Deployment.env("live-" + UUID.randomUUID().toString().substring(0, 6), BROKER.bootstrapServers());
        env.put("TRADEOS_MODE", "LIVE");
        env.put("TRADEOS_REGION", region);
        env.put("TRADEOS_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        env.put("TRADEOS_ROUTING_STALENESS_MS", "3600000");
        env.put("TRADEOS_ROUTING_MAX_INTENT_AGE", "PT10M");
        env.put("TRADEOS_POSITIONS_RECONCILE_TIMEOUT_MS", "300000"); // no intent may time out while the executor is down
        env.put("TRADEOS_POSITIONS_RECONCILE_INTERVAL_MS", "50");
        List<String> names = venues.stream().map(Venue::name).toList();
        TradeosConfig defaults = ConfigLoader.load(null, env);
        for (String off : defaults.venues().keySet()) {
            if (!names.contains(off)) {
                env.put("TRADEOS_VENUES_" + off + "_ENABLED", "false"); // routed only to the venues under test
                if (defaults.executor().venues().containsKey(off)) {
                    env.put("TRADEOS_EXECUTOR_VENUES_" + off + "_ENABLED", "false");
                }
            }
        }
        env.put("TRADEOS_EXECUTOR_GROUP_ID", env.get("TRADEOS_SINK_GROUP_ID") + "-executor");
        env.put("TRADEOS_EXECUTOR_HTTP_PORT", Integer.toString(EmbeddedKafka.freePort()));
        env.put("TRADEOS_EXECUTOR_LOOKUP_INTERVAL_MS", "100");
        env.put("TRADEOS_EXECUTOR_ACK_TIMEOUT_MS", "2000");
        env.put("TRADEOS_EXECUTOR_FUNDING_POLL_SECONDS", "1");
        env.put("TRADEOS_EXECUTOR_MAX_ORDER_AGE", "PT5M"); // orders queued while an executor restarts are still sent
        env.put("TRADEOS_EXECUTOR_RESOLVE_INTERVAL_MS", "500");
        env.put("TRADEOS_EXECUTOR_ABSENCE_MARGIN_MS", "5000"); // the simulator answers lookups at once: no lag to wait out
        Map<String, VenueSimulator.Account> accounts = new java.util.HashMap<>();
        for (Venue v : venues) {
            env.put("TRADEOS_EXECUTOR_VENUES_" + v.name() + "_BASE_URL", "http://127.0.0.1:" + simPort);
            env.put("TRADEOS_EXECUTOR_VENUES_" + v.name() + "_API_KEY", v.apiKey());
            env.put("TRADEOS_EXECUTOR_VENUES_" + v.name() + "_API_SECRET", v.secret());
            env.put("TRADEOS_EXECUTOR_VENUES_" + v.name() + "_RATE_PER_SECOND", "500");
            accounts.put(v.name(), new VenueSimulator.Account(v.apiKey(), v.secret()));
        }
        // a killed executor's partitions move on after the session timeout: the broker's minimum, not the 45 s default
        configFile = Files.createTempFile("live", ".yaml");
        Files.writeString(configFile, """
                kafka:
                  properties:
                    consumer.session.timeout.ms: "6000"
                    consumer.heartbeat.interval.ms: "1000"
                """);
        config = ConfigLoader.load(configFile, env);
        String perp = venues.stream().map(Venue::name).filter(v -> config.venues().get(v).market() == tech.tradeos.execution.model.Market.PERP)
                .findFirst().orElse(null);

        Faults faults = new Faults(0, 0.03, 0.05, 0.05, 0.05, 0.15, 42);
        try (VenueSimulator sim = new VenueSimulator(config, accounts, simPort, faults).start();
             SinkService sink = new SinkService(config).start();
             LedgerPositions ledger = new LedgerPositions(config);
             RouterService router = new RouterService(config, ledger).start()) {
            Instant now = Instant.now();
            for (String instrument : INSTRUMENTS) {
                for (String venue : names) {
                    BookSnapshot book = book(venue, instrument, now);
                    sim.book(book);
                    BROKER.client().send(config.topics().orderbook(), instrument, Json.text(book));
                }
                if (perp != null) {
                    BROKER.client().send(config.topics().funding(), instrument, """
                            {"venue":"%s","instrument":"%s","timestamp":"%s","rate":"%s",
                             "nextFundingTime":"%s","intervalHours":1}""".formatted(perp, instrument, now, fundingRate, now.plusSeconds(3600)));
                }
            }
            executors.add(startExecutor(configFile, env));
            // the operator, throughout the run: checks Kraken Futures' UNKNOWN orders at the venue and resolves them
            operator = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            operator.scheduleWithFixedDelay(() -> resolveWhatTheOperatorCan(env, sim), 1, 1, TimeUnit.SECONDS);
            Random random = new Random(7);
            for (int i = 0; i < intents; i++) {
                String instrument = INSTRUMENTS.get(i % INSTRUMENTS.size());
                boolean shortSide = random.nextInt(3) == 0 && perp != null; // shorts go to the perp
                String qty = new BigDecimal(1 + random.nextInt(50)).movePointLeft(instrument.equals("SOL-USD") ? 1 : 3).toPlainString();
                BROKER.client().sendAsync(config.topics().intentsApproved(), "live-" + i, """
                        {"intentId":"live-%d","instrument":"%s","direction":"%s","action":"OPEN","quantity":"%s",
                         "signalType":"momentum","expectedHoldHours":%d,"createdAt":"%s"}""".formatted(i, instrument,
                        shortSide ? "SHORT" : "LONG", qty, holdHours, Instant.now()));
            }
            BROKER.client().flush();

            // kill the executor with SIGKILL while orders are in flight, restarting it each time
            for (int kill = 1; kill <= kills; kill++) {
                int target = kill * intents / (kills + 1);
                Await.until(Duration.ofSeconds(180), () -> finalUpdates(sink) >= target);
                Process victim = executors.get(executors.size() - 1);
                victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                executors.add(startExecutor(configFile, env));
            }

            List<ConsumerRecord<String, String>> routed = BROKER.client().readUntil(config.topics().ordersRouted(),
                    Duration.ofSeconds(240), s -> s.size() >= intents);
            assertThat(routed).extracting(ConsumerRecord::key).doesNotHaveDuplicates().hasSize(intents);
            assertThat(routed).allSatisfy(r -> assertThat(Json.tree(r.value()).get("venue").asText()).isIn(names));
            Await.until(Duration.ofSeconds(240), () -> finalUpdates(sink) >= intents);

            JsonNode state = sim.state();
            int venueTrades = 0;
            for (String venue : names) {
                assertThat(state.path(venue).path("maxPlacementsPerClientId").asInt()).as(venue + ": a client id placed twice")
                        .isLessThanOrEqualTo(1);
                assertThat(state.path(venue).path("duplicates").asInt()).as(venue + ": an order sent again").isZero();
                if (holdHours > 0) {
                    assertThat(state.path(venue).path("orders").asInt()).as(venue + " traded").isPositive();
                }
                venueTrades += state.path(venue).path("trades").asInt();
            }
            int trades = venueTrades;
            Await.until(Duration.ofSeconds(60), () -> count(sink, "SELECT count(*) FROM %s.fills") == trades);
            assertThat(count(sink, "SELECT count(DISTINCT order_id) FROM %s.order_updates WHERE state IN ('FILLED','CANCELED','REJECTED','EXPIRED')"))
                    .as("every order ends in a final state").isEqualTo(intents);
            assertThat(count(sink, "SELECT count(*) FROM %s.order_updates WHERE state = 'REJECTED'"))
                    .as("the injected rejects, 429s and 5xx show up as rejections").isPositive();
            assertThat(count(sink, "SELECT count(*) FROM %s.order_updates WHERE state = 'CANCELED'"))
                    .as("the injected partial fills").isPositive();

            // the ledger's positions are the venue's
            for (String instrument : INSTRUMENTS) {
                for (String venue : names) {
                    String symbol = VenueSimulator.restSymbol(venue, config.venues().get(venue).symbol(instrument));
                    BigDecimal atVenue = new BigDecimal(state.path(venue).path("positions").path(symbol).asText("0"));
                    BigDecimal inLedger = ledger.read(instrument).join().stream().filter(p -> p.venue().equals(venue))
                            .map(p -> p.quantity()).findFirst().orElse(BigDecimal.ZERO);
                    assertThat(inLedger).as(instrument + " on " + venue).isEqualByComparingTo(atVenue);
                }
            }
            assertThat(count(sink, "SELECT count(*) FROM %s.positions WHERE status = 'UNCONFIRMED'"))
                    .as("no order left pending in the ledger").isZero();
            // the executor's own reconciliation agrees: ledger and venue positions are the same
            JsonNode report = Json.tree(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + env.get("TRADEOS_EXECUTOR_HTTP_PORT") + "/reconcile"))
                    .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            assertThat(report.get("mismatches")).as(report.toString()).isEmpty();
            assertThat(report.get("unreadable")).as(report.toString()).isEmpty();

            if (perp != null) {
                // a funding settlement at the venue: the executor reads it from the account log, the ledger books it once
                BigDecimal expected = BigDecimal.ZERO;
                int held = 0;
                for (String instrument : INSTRUMENTS) {
                    String symbol = VenueSimulator.restSymbol(perp, config.venues().get(perp).symbol(instrument));
                    BigDecimal size = new BigDecimal(state.path(perp).path("positions").path(symbol).asText("0"));
                    BigDecimal mark = new BigDecimal("100");
                    sim.settleFunding(perp, symbol, new BigDecimal("0.0001"), mark, Instant.now());
                    expected = expected.add(size.multiply(mark).multiply(new BigDecimal("0.0001")).negate());
                    held += size.signum() != 0 ? 1 : 0;
                }
                int settled = held;
                assertThat(settled).as("the perp holds positions to pay funding on").isPositive();
                Await.until(Duration.ofSeconds(60), () -> count(sink,
                        "SELECT count(*) FROM %s.funding_payments WHERE mark_source = 'VENUE_PAYMENT'") >= settled);
                // the executor goes on reading the same payments every second: none is booked twice
                Await.until(Duration.ofSeconds(30), () -> executorPublishedAtLeast(env, perp, 2L * settled));
                assertThat(count(sink, "SELECT count(*) FROM %s.funding_payments WHERE mark_source = 'VENUE_PAYMENT'"))
                        .isEqualTo(settled);
                BigDecimal booked = sink.database().jdbi().withHandle(h -> h.createQuery("SELECT sum(funding) FROM "
                        + config.postgres().schema() + ".positions WHERE venue = :v").bind("v", perp).mapTo(BigDecimal.class).one());
                assertThat(booked).as("the positions carry what the venue booked").isEqualByComparingTo(expected);
            }
        }
    }

    /**
     * The operator's part: an UNKNOWN order whose absence the executor cannot prove (Kraken Futures forgets a closed
     * order after 5 s) is checked at the venue and, when nothing executed there, resolved by hand.
     */
    private static void resolveWhatTheOperatorCan(Map<String, String> env, VenueSimulator sim) {
        try {
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + env.get("TRADEOS_EXECUTOR_HTTP_PORT");
            JsonNode unknown = Json.tree(client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/orders/unknown"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode entry : unknown) {
                boolean old = Instant.parse(entry.path("claimedAt").asText()).isBefore(Instant.now().minusSeconds(10));
                if (entry.path("venue").asText().equals("KRAKEN_FUTURES") && old
                        && !sim.executed("KRAKEN_FUTURES", entry.path("clientOrderId").asText())) {
                    client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/orders/resolve"))
                            .header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Json.text(Map.of("orderId",
                                    entry.path("orderId").asText(), "by", "live-it", "reason", "no trade at the venue"))))
                            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                }
            }
        } catch (Exception executorRestarting) {
            // asked again on the next round
        }
    }

    /** Whether the running executor has published at least {@code n} funding payments (re-reads included). */
    private static boolean executorPublishedAtLeast(Map<String, String> env, String venue, long n) {
        try {
            JsonNode health = Json.tree(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + env.get("TRADEOS_EXECUTOR_HTTP_PORT") + "/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            return health.path("fundingPaymentsPublished").path(venue).asLong() >= n;
        } catch (Exception notYet) {
            return false;
        }
    }

    private static BookSnapshot book(String venue, String instrument, Instant at) {
        BigDecimal mid = MIDS.get(instrument);
        BigDecimal step = mid.movePointLeft(5); // one bps a level
        List<PriceLevel> bids = new ArrayList<>();
        List<PriceLevel> asks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            bids.add(new PriceLevel(mid.subtract(step.multiply(BigDecimal.valueOf(i + 1))), new BigDecimal("1000")));
            asks.add(new PriceLevel(mid.add(step.multiply(BigDecimal.valueOf(i + 1))), new BigDecimal("1000")));
        }
        return new BookSnapshot(venue, instrument, at, 1L, bids, asks);
    }

    private static Process startExecutor(Path configFile, Map<String, String> env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createTempFile("executor", ".log");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Tradeos.class.getName(), "executor", "--config", configFile.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("TRADEOS_"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    private static long finalUpdates(SinkService sink) {
        try {
            return count(sink, "SELECT count(DISTINCT order_id) FROM %s.order_updates WHERE state IN ('FILLED','CANCELED','REJECTED','EXPIRED')");
        } catch (RuntimeException notYet) {
            return 0;
        }
    }

    private static long count(SinkService sink, String sql) {
        String schema = sink.database().jdbi().withHandle(h -> h.createQuery("SELECT current_schema()").mapTo(String.class).one());
        return sink.database().jdbi().withHandle(h -> h.createQuery(sql.formatted(schema)).mapTo(Long.class).one());
    }
}
