package tech.tradeos.execution.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tech.tradeos.execution.embedded.EmbeddedKafka;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.sink.LedgerPositions;
import tech.tradeos.execution.sink.SinkService;
import tech.tradeos.execution.testkit.Await;
import tech.tradeos.execution.testkit.Deployment;
import tech.tradeos.execution.testkit.KafkaBroker;
import tech.tradeos.execution.testkit.PostgresServer;
import tech.tradeos.execution.testkit.RedisServer;
import tech.tradeos.execution.topology.RouterService;

/**
 * Router and sink together on a real broker, PostgreSQL (the machine's, or one of the test's own to stop)
 * and a Redis of the test's own: open/close round trips, a sink that is down while orders are filled,
 * Redis down, both down (held, then rejected on timeout or routed once they return).
 */
class PositionsEndToEndIT {
    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();


    private final List<TradeosConfig> deployments = new java.util.ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void dropSchemas() {
        for (TradeosConfig c : deployments) {
            if (c.postgres().url().contains(":5432/")) {
                try (var db = new tech.tradeos.execution.sink.Database(c.postgres())) {
                    db.jdbi().useHandle(h -> h.execute("DROP SCHEMA IF EXISTS " + c.postgres().schema() + " CASCADE"));
                }
            }
        }
    }

    /** One deployment: its own topics, application id, schema, Redis prefix and ports. */
    private TradeosConfig deployment(String name, String redisUri, String postgresUrl) throws IOException {
        return deployment(name, redisUri, postgresUrl, Duration.ofSeconds(3));
    }

    private TradeosConfig deployment(String name, String redisUri, String postgresUrl, Duration reconcileTimeout) throws IOException {
        Map<String, String> env = Deployment.env(name, BROKER.bootstrapServers());
        env.put("TRADEOS_POSTGRES_URL", postgresUrl);
        env.put("TRADEOS_REDIS_URI", redisUri);
        env.put("TRADEOS_POSITIONS_RECONCILE_TIMEOUT_MS", Long.toString(reconcileTimeout.toMillis()));
        TradeosConfig config = ConfigLoader.load(null, env);
        deployments.add(config);
        return config;
    }

    /** Publishes Kraken Spot's and Gemini's books and waits until the router holds both. */
    private static void books(TradeosConfig c) throws InterruptedException {
        publishBooks(c);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        Await.until(Duration.ofSeconds(30), () -> {
            try {
                var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + c.http().port() + "/market/BTC-USD")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 && Json.tree(r.body()).get("venues").size() == 2;
            } catch (Exception notYet) {
                return false;
            }
        });
    }

    private static void publishBooks(TradeosConfig c) {
        Instant now = Instant.now();
        BROKER.client().send(c.topics().orderbook(), "k", """
                {"venue":"KRAKEN_SPOT","instrument":"BTC-USD","timestamp":"%s","sequence":%d,
                 "bids":[["99","10"]],"asks":[["100","10"]]}""".formatted(now, now.toEpochMilli()));
        BROKER.client().send(c.topics().orderbook(), "k", """
                {"venue":"GEMINI","instrument":"BTC-USD","timestamp":"%s","sequence":%d,
                 "bids":[["105","10"]],"asks":[["106","10"]]}""".formatted(now, now.toEpochMilli()));
    }

    private static void intent(TradeosConfig c, String id, String direction, String action, String qty) {
        BROKER.client().send(c.topics().intentsApproved(), id, """
                {"intentId":"%s","instrument":"BTC-USD","direction":"%s","action":"%s","quantity":"%s",
                 "signalType":"momentum","createdAt":"%s"}""".formatted(id, direction, action, qty, Instant.now()));
    }


    @Test
    void anOpenThenCloseRoundTripRealizesPnlOnceEvenWithTheSinkDownInBetween() throws Exception {
        try (RedisServer redis = new RedisServer()) {
            TradeosConfig c = deployment("roundtrip", redis.uri(), "jdbc:postgresql://127.0.0.1:5432/test");
            try (SinkService sink = new SinkService(c).start();
                 LedgerPositions positions = new LedgerPositions(c);
                 RouterService router = new RouterService(c, positions).start()) {
                books(c);
                intent(c, "open-1", "LONG", "OPEN", "1");
                List<ConsumerRecord<String, String>> opened = BROKER.client().readUntil(c.topics().fills(), Duration.ofSeconds(60), s -> s.size() >= 1);
                assertThat(Json.tree(opened.get(0).value()).get("venue").asText()).isEqualTo("KRAKEN_SPOT");
                Await.until(Duration.ofSeconds(30), () -> positionQuantity(c).equals("1"));

                // the sink goes down: the close is routed and filled, and a replay of the open changes nothing
                sink.close();
                intent(c, "close-1", "LONG", "CLOSE", "1");
                intent(c, "open-1", "LONG", "OPEN", "1");
                List<ConsumerRecord<String, String>> routed = BROKER.client().readUntil(c.topics().ordersRouted(), Duration.ofSeconds(60), s -> s.size() >= 2);
                assertThat(routed).hasSize(2);
                JsonAssert close = new JsonAssert(routed.get(1).value());
                assertThat(close.text("intentId")).isEqualTo("close-1");
                assertThat(close.text("venue")).as("the position venue, not Gemini's better bid").isEqualTo("KRAKEN_SPOT");
                assertThat(close.text("side")).isEqualTo("SELL");
            }
            // the sink comes back and catches up: one open, one close, the position closed with its P&L
            try (SinkService sink = new SinkService(c).start()) {
                Await.until(Duration.ofSeconds(60), () -> positionQuantity(c).equals("0"));
                assertThat(BROKER.client().readUntil(c.topics().fills(), Duration.ofSeconds(10), s -> s.size() >= 2)).hasSize(2);
                var position = sink.reader().read("BTC-USD", "KRAKEN_SPOT").position();
                assertThat(position.status().name()).isEqualTo("CLOSED");
                // bought at 100 + 0.1·ATR, sold at 99 − 0.1·ATR (ATR = the 1-unit spread), fees 40 bps each side
                assertThat(position.realizedPnl()).isNegative();
            }
        }
    }

    @Test
    void anIntentIdReusedForAnotherInstrumentIsAnotherIntentForRouterAndLedgerAlike() throws Exception {
        try (RedisServer redis = new RedisServer()) {
            TradeosConfig c = deployment("reused", redis.uri(), "jdbc:postgresql://127.0.0.1:5432/test");
            try (SinkService sink = new SinkService(c).start();
                 LedgerPositions positions = new LedgerPositions(c);
                 RouterService router = new RouterService(c, positions).start()) {
                books(c);
                Instant now = Instant.now();
                BROKER.client().send(c.topics().orderbook(), "k", """
                        {"venue":"KRAKEN_SPOT","instrument":"ETH-USD","timestamp":"%s","sequence":1,
                         "bids":[["9","10"]],"asks":[["10","10"]]}""".formatted(now));
                String[] sent = {"BTC-USD", "ETH-USD", "BTC-USD"}; // the third is a replay of the first
                for (String instrument : sent) {
                    BROKER.client().send(c.topics().intentsApproved(), "reused", """
                            {"intentId":"reused","instrument":"%s","direction":"LONG","action":"OPEN","quantity":"1",
                             "signalType":"momentum","createdAt":"%s"}""".formatted(instrument, Instant.now()));
                }
                List<ConsumerRecord<String, String>> routed = BROKER.client().readUntil(c.topics().ordersRouted(),
                        Duration.ofSeconds(60), s -> s.size() >= 2);
                assertThat(routed).extracting(r -> new JsonAssert(r.value()).text("instrument"))
                        .containsExactlyInAnyOrder("BTC-USD", "ETH-USD");
                assertThat(routed).extracting(r -> new JsonAssert(r.value()).text("orderId")).doesNotHaveDuplicates();
                // both fills are in the ledger: neither is taken for a duplicate of the other
                Await.until(Duration.ofSeconds(60), () -> positionQuantity(c).equals("1") && quantity(c, "ETH-USD").equals("1"));
                try (var db = new tech.tradeos.execution.sink.Database(c.postgres())) {
                    int rows = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + c.postgres().schema()
                            + ".fills WHERE intent_id = 'reused'").mapTo(Integer.class).one());
                    assertThat(rows).isEqualTo(2);
                }
                assertThat(BROKER.client().readUntil(c.topics().ordersRouted(), Duration.ofSeconds(2), s -> s.size() > 2))
                        .as("the replay produced nothing").hasSize(2);
            }
        }
    }

    @Test
    void withRedisDownTheRouterReadsPostgres() throws Exception {
        RedisServer redis = new RedisServer();
        TradeosConfig c = deployment("redisdown", redis.uri(), "jdbc:postgresql://127.0.0.1:5432/test");
        try (SinkService sink = new SinkService(c).start();
             LedgerPositions positions = new LedgerPositions(c);
             RouterService router = new RouterService(c, positions).start()) {
            redis.close();
            books(c);
            intent(c, "open-r", "LONG", "OPEN", "2");
            Await.until(Duration.ofSeconds(60), () -> positionQuantity(c).equals("2"));
            intent(c, "close-r", "LONG", "CLOSE", "2");
            List<ConsumerRecord<String, String>> routed = BROKER.client().readUntil(c.topics().ordersRouted(), Duration.ofSeconds(60), s -> s.size() >= 2);
            assertThat(routed).hasSize(2);
            assertThat(BROKER.client().readUntil(c.topics().intentsRejected(), Duration.ofSeconds(2), s -> false)).isEmpty();
        }
    }

    @Test
    void withNeitherRedisNorPostgresAnIntentIsHeldThenRejectedOnTimeout() throws Exception {
        int deadPort = EmbeddedKafka.freePort();
        TradeosConfig c = deployment("bothdown", "redis://127.0.0.1:" + deadPort, "jdbc:postgresql://127.0.0.1:" + deadPort + "/none");
        try (LedgerPositions positions = new LedgerPositions(c);
             RouterService router = new RouterService(c, positions).start()) {
            books(c);
            intent(c, "open-x", "LONG", "OPEN", "1");
            List<ConsumerRecord<String, String>> rejected = BROKER.client().readUntil(c.topics().intentsRejected(), Duration.ofSeconds(60), s -> !s.isEmpty());
            assertThat(rejected).hasSize(1);
            assertThat(new JsonAssert(rejected.get(0).value()).text("reason")).isEqualTo("RECONCILE_TIMEOUT");
            assertThat(BROKER.client().readUntil(c.topics().ordersRouted(), Duration.ofSeconds(1), s -> false)).isEmpty();
        }
    }

    @Test
    void withNeitherRedisNorPostgresAnIntentIsHeldThenRoutedOnceTheyReturn() throws Exception {
        try (RedisServer redis = new RedisServer(); PostgresServer postgres = new PostgresServer()) {
            TradeosConfig c = deployment("outage", redis.uri(), postgres.url(), Duration.ofMinutes(2));
            try (SinkService sink = new SinkService(c).start();
                 LedgerPositions positions = new LedgerPositions(c);
                 RouterService router = new RouterService(c, positions).start()) {
                books(c);
                intent(c, "open-a", "LONG", "OPEN", "1");
                Await.until(Duration.ofSeconds(60), () -> positionQuantity(c).equals("1"));

                assertThat(status(c.sink().httpPort(), "/health/ready")).isEqualTo(200);
                redis.stop();
                postgres.stop();
                // the router learns it from its ledger check (every second), not from a read on the stream thread
                Await.until(Duration.ofSeconds(30), () -> ledgerReachable(c).equals("0.0"));
                // the sink cannot record: not ready, but alive (an orchestrator must not restart it for PostgreSQL)
                Await.until(Duration.ofSeconds(30), () -> status(c.sink().httpPort(), "/health/ready") == 503);
                assertThat(status(c.sink().httpPort(), "/health/live")).isEqualTo(200);
                intent(c, "open-b", "LONG", "OPEN", "2");
                Await.until(Duration.ofSeconds(30), () -> metric(c, "tradeos_intents_held_total") >= 1);
                assertThat(BROKER.client().readUntil(c.topics().ordersRouted(), Duration.ofSeconds(1), s -> false))
                        .as("nothing routed while the position cannot be read").hasSize(1);

                postgres.start();
                redis.start(); // empty: the reader falls back to PostgreSQL and the sink reloads the cache
                List<ConsumerRecord<String, String>> routed = BROKER.client().readUntil(c.topics().ordersRouted(),
                        Duration.ofSeconds(60), s -> s.size() >= 2);
                assertThat(routed).extracting(ConsumerRecord::key).containsExactly("open-a", "open-b");
                Await.until(Duration.ofSeconds(60), () -> positionQuantity(c).equals("3"));
                assertThat(BROKER.client().readUntil(c.topics().intentsRejected(), Duration.ofSeconds(1), s -> false)).isEmpty();
                Await.until(Duration.ofSeconds(30), () -> status(c.sink().httpPort(), "/health/ready") == 200);
            }
        }
    }

    private static int status(int port, String path) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + path)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception notYet) {
            return -1;
        }
    }

    private static double metric(TradeosConfig c, String name) {
        try {
            String body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + c.http().port() + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            return body.lines().filter(l -> l.startsWith(name)).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (Exception notYet) {
            return 0;
        }
    }

    /** The router's tradeos_ledger_reachable gauge as written on /metrics; "absent" before it answers. */
    private static String ledgerReachable(TradeosConfig c) {
        try {
            String body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + c.http().port() + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            return body.lines().filter(l -> l.startsWith("tradeos_ledger_reachable "))
                    .map(l -> l.substring(l.lastIndexOf(' ') + 1)).findFirst().orElse("absent");
        } catch (Exception notYet) {
            return "absent";
        }
    }

    private static String positionQuantity(TradeosConfig c) {
        return quantity(c, "BTC-USD");
    }

    private static String quantity(TradeosConfig c, String instrument) {
        try (LedgerPositions reader = new LedgerPositions(c)) {
            return reader.read(instrument).join().stream()
                    .filter(p -> p.venue().equals("KRAKEN_SPOT"))
                    .map(p -> p.quantity().stripTrailingZeros().toPlainString()).findFirst().orElse("none");
        }
    }

    private record JsonAssert(String json) {
        String text(String field) throws IOException {
            return Json.tree(json).get(field).asText();
        }
    }
}
