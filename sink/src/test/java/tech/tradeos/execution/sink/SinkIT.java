package tech.tradeos.execution.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static tech.tradeos.execution.sink.Fills.T0;
import static tech.tradeos.execution.sink.Fills.fill;
import static tech.tradeos.execution.sink.Fills.order;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tech.tradeos.execution.embedded.EmbeddedKafka;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.Side;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.position.PositionStatus;
import tech.tradeos.execution.testkit.Await;
import tech.tradeos.execution.testkit.KafkaBroker;
import tech.tradeos.execution.testkit.RedisServer;

/**
 * The sink on a real broker, the machine's PostgreSQL and a Redis of its own: fills reach the ledger,
 * the cache, the TCA topic and HTTP exactly once, across crashes and cache outages.
 */
class SinkIT {
    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();
    private final HttpClient http = HttpClient.newHttpClient();


    private static Map<String, String> env(String prefix, String redisUri, int httpPort) {
        Map<String, String> env = new HashMap<>();
        env.put("TRADEOS_KAFKA_BOOTSTRAP_SERVERS", BROKER.bootstrapServers());
        env.put("TRADEOS_TOPICS_FILLS", prefix + ".fills");
        env.put("TRADEOS_TOPICS_ORDERS_ROUTED", prefix + ".orders");
        env.put("TRADEOS_TOPICS_TCA", prefix + ".tca");
        env.put("TRADEOS_TOPICS_DLQ", prefix + ".dlq");
        env.put("TRADEOS_SINK_GROUP_ID", prefix + "-sink");
        env.put("TRADEOS_SINK_HTTP_PORT", Integer.toString(httpPort));
        env.put("TRADEOS_REDIS_URI", redisUri);
        env.put("TRADEOS_REDIS_KEY_PREFIX", prefix + ":");
        return env;
    }

    @Test
    void fillsReachTheLedgerTheCacheTheTcaTopicAndHttp() throws Exception {
        String prefix = "flow";
        int port = EmbeddedKafka.freePort();
        try (RedisServer redis = new RedisServer();
             TestDatabase db = new TestDatabase(env(prefix, redis.uri(), port));
             SinkService sink = new SinkService(db.config).start()) {
            BROKER.client().send(prefix + ".orders", "i-1", Json.text(order("i-1", Side.BUY, "1", "momentum")));
            BROKER.client().send(prefix + ".fills", "o-1", Json.text(fill("i-1", Side.BUY, "1", "100", "0.4", "momentum", T0)));
            BROKER.client().send(prefix + ".fills", "bad", "{not json");
            BROKER.client().send(prefix + ".orders", "i-2", Json.text(order("i-2", Side.SELL, "1", "exit")));
            BROKER.client().send(prefix + ".fills", "o-2", Json.text(fill("i-2", Side.SELL, "1", "110", "0.44", "exit", T0.plusSeconds(3600))));

            Await.until(Duration.ofSeconds(30), () -> count(db, "closed_trades") == 1);
            JsonNode position = getJson(port, "/positions/BTC-USD/KRAKEN_SPOT");
            assertThat(position.get("position").get("status").asText()).isEqualTo("CLOSED");
            assertThat(position.get("position").get("realizedPnl").asText()).isEqualTo("9.16");

            Await.until(Duration.ofSeconds(10), () -> sink.cache().loaded() && redisValue(redis, prefix + ":positions:BTC-USD") != null
                    && redisValue(redis, prefix + ":positions:BTC-USD").contains("\"version\":"));
            assertThat(getJson(port, "/positions/BTC-USD/KRAKEN_SPOT").get("source").asText()).isEqualTo("REDIS");

            JsonNode tca = getJson(port, "/tca");
            JsonNode momentum = null;
            for (JsonNode signal : tca.get("signals")) {
                if (signal.get("signalType").asText().equals("momentum")) {
                    momentum = signal;
                }
            }
            assertThat(momentum).as(tca.toString()).isNotNull();
            assertThat(momentum.get("closedTrades").asLong()).isEqualTo(1);
            assertThat(momentum.get("wins").asLong()).isEqualTo(1);
            assertThat(momentum.get("realizedPnl").asText()).isEqualTo("9.16");
            assertThat(tca.get("session").get("equity").asText()).isEqualTo("100009.16");

            List<ConsumerRecord<String, String>> updates = BROKER.client().readUntil(prefix + ".tca", Duration.ofSeconds(20), seen -> seen.size() >= 2);
            assertThat(updates).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("momentum", "exit");
            assertThat(Json.tree(updates.get(0).value()).get("fill").get("arrivalShortfallBps")).isNotNull();
            List<ConsumerRecord<String, String>> dead = BROKER.client().readUntil(prefix + ".dlq", Duration.ofSeconds(20), seen -> !seen.isEmpty());
            assertThat(dead).hasSize(1);
            assertThat(new String(dead.get(0).headers().lastHeader("tradeos.error.message").value())).startsWith("malformed JSON");
        }
    }

    @Test
    void poisonFillsAreDeadLetteredWithTheirReasonAndTheLedgerGoesOn() throws Exception {
        String prefix = "poison";
        int port = EmbeddedKafka.freePort();
        try (RedisServer redis = new RedisServer();
             TestDatabase db = new TestDatabase(env(prefix, redis.uri(), port));
             SinkService sink = new SinkService(db.config).start()) {
            String good = Json.text(fill("i-1", Side.BUY, "1", "100", "0.4", "momentum", T0));
            BROKER.client().send(prefix + ".fills", "o-1", good);
            BROKER.client().send(prefix + ".fills", "p-1", "{}");
            BROKER.client().send(prefix + ".fills", "p-2", good.replace("\"quantity\":\"1\"", "\"quantity\":\"0\""));
            BROKER.client().send(prefix + ".fills", "p-3", good.replace("\"intentId\":\"i-1\"", "\"intentId\":\"i\\u00001\""));
            BROKER.client().send(prefix + ".fills", "p-4", good.replace("\"price\":\"100\"", "\"price\":\"-1\""));
            BROKER.client().send(prefix + ".fills", "p-5", good.replace("\"0.4\"", "\"-1e999999999\""));
            BROKER.client().send(prefix + ".fills", "o-2", Json.text(fill("i-2", Side.BUY, "2", "101", "0.8", "momentum", T0)));

            Await.until(Duration.ofSeconds(30), () -> count(db, "fills") == 2);
            List<ConsumerRecord<String, String>> dead = BROKER.client().readUntil(prefix + ".dlq", Duration.ofSeconds(20), seen -> seen.size() >= 5);
            assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("p-1", "p-2", "p-3", "p-4", "p-5");
            assertThat(dead).extracting(r -> new String(r.headers().lastHeader("tradeos.error.message").value()))
                    .anySatisfy(m -> assertThat(m).contains("quantity must be > 0"))
                    .anySatisfy(m -> assertThat(m).contains("intentId contains a control character"))
                    .anySatisfy(m -> assertThat(m).contains("price must be > 0"))
                    .anySatisfy(m -> assertThat(m).contains("fee is too large"));
            JsonNode position = getJson(port, "/positions/BTC-USD/KRAKEN_SPOT");
            assertThat(position.get("position").get("quantity").asText()).isEqualTo("3");
            assertThat(sink.health().get("running")).isEqualTo(true);
        }
    }

    @Test
    void aRestartedSinkRepublishesTheLedgersTcaSoALostMessageIsSuperseded() throws Exception {
        String prefix = "republish";
        try (RedisServer redis = new RedisServer();
             TestDatabase db = new TestDatabase(env(prefix, redis.uri(), EmbeddedKafka.freePort()))) {
            try (SinkService sink = new SinkService(db.config).start()) {
                BROKER.client().send(prefix + ".fills", "o-1", Json.text(fill("i-1", Side.BUY, "1", "100", "0.4", "momentum", T0)));
                Await.until(Duration.ofSeconds(30), () -> count(db, "fills") == 1);
            }
            try (SinkService restarted = new SinkService(db.config).start()) {
                List<ConsumerRecord<String, String>> tca = BROKER.client().readUntil(prefix + ".tca", Duration.ofSeconds(20),
                        seen -> seen.stream().anyMatch(r -> !r.value().contains("\"fill\"")));
                ConsumerRecord<String, String> republished = tca.stream().filter(r -> !r.value().contains("\"fill\"")).findFirst()
                        .orElseThrow(() -> new AssertionError("no TCA republished at start: " + tca));
                assertThat(republished.key()).isEqualTo("momentum");
                assertThat(Json.tree(republished.value()).get("signal").get("fills").asLong()).isEqualTo(1);
            }
        }
    }

    @Test
    void killedAtRandomPointsTheSinkLosesAndDoublesNothing() throws Exception {
        String prefix = "crash";
        int port = EmbeddedKafka.freePort();
        try (TestDatabase db = new TestDatabase(env(prefix, "redis://127.0.0.1:6379", port))) {
            int n = 3000;
            Random random = new Random(11);
            Map<String, java.math.BigDecimal> expected = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String instrument = List.of("BTC-USD", "ETH-USD", "SOL-USD").get(i % 3);
                Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
                Fill f = fill("c-" + i, side, "1", Integer.toString(100 + random.nextInt(10)), "0.1", "s" + (i % 4), T0.plusSeconds(i));
                f = new Fill(f.fillId(), f.orderId(), f.intentId(), f.venue(), instrument, f.side(), f.quantity(), f.price(),
                        f.fee(), f.mode(), f.expectedPrice(), f.arrivalMid(), f.slippageBps(), f.signalType(), f.action(),
                        f.direction(), f.filledAt());
                expected.merge(instrument, side == Side.BUY ? f.quantity() : f.quantity().negate(), java.math.BigDecimal::add);
                BROKER.client().send(prefix + ".fills", f.orderId(), Json.text(f));
            }
            // a short session timeout, so a killed sink's partitions move within seconds
            Path config = Files.writeString(Files.createTempFile("sink", ".yaml"), """
                    kafka:
                      properties:
                        consumer.session.timeout.ms: "6000"
                        consumer.heartbeat.interval.ms: "1000"
                    """);
            int kills = 0;
            while (count(db, "fills") < n && kills < 4) {
                Process sink = startJvm(config, db, env(prefix, "redis://127.0.0.1:6379", port));
                long target = Math.min(n, count(db, "fills") + 300 + random.nextInt(600));
                Await.until(Duration.ofSeconds(90), () -> count(db, "fills") >= target);
                sink.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                kills++;
            }
            Process last = startJvm(config, db, env(prefix, "redis://127.0.0.1:6379", port));
            try {
                Await.until(Duration.ofSeconds(90), () -> count(db, "fills") >= n);
            } finally {
                last.destroy();
                last.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(kills).as("the sink was killed mid-stream").isGreaterThanOrEqualTo(3);
            Set<String> recorded = Set.copyOf(db.database.jdbi().withHandle(h ->
                    h.createQuery("SELECT fill_id FROM fills").mapTo(String.class).list()));
            assertThat(recorded).hasSize(n);
            Map<String, java.math.BigDecimal> positions = db.database.jdbi().withHandle(h ->
                    h.createQuery("SELECT instrument, quantity FROM positions").map((rs, ctx) ->
                            Map.entry(rs.getString(1), rs.getBigDecimal(2))).list()).stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(positions).hasSize(3);
            expected.forEach((instrument, qty) -> assertThat(positions.get(instrument)).as(instrument).isEqualByComparingTo(qty));
        }
    }

    /**
     * docs/README.md §Funding: one long on a perp and a settlement an hour for {@code n} hours; the sink is SIGKILLed
     * at random points while it books them, then replays the whole funding topic from the start. Every settlement is
     * booked exactly once, at its own rate and mark.
     */
    @Test
    void fundingIsBookedOncePerSettlementAcrossKillsAndAReplay() throws Exception {
        String prefix = "carry";
        int port = EmbeddedKafka.freePort();
        Map<String, String> env = env(prefix, "redis://127.0.0.1:6379", port);
        env.put("TRADEOS_TOPICS_FUNDING", prefix + ".funding");
        try (TestDatabase db = new TestDatabase(env)) {
            Fill open = fill("f-0", Side.BUY, "2", "100", "0", "carry", T0);
            open = new Fill(open.fillId(), open.orderId(), open.intentId(), "KRAKEN_FUTURES", open.instrument(), open.side(),
                    open.quantity(), open.price(), open.fee(), open.mode(), open.expectedPrice(), open.arrivalMid(),
                    open.slippageBps(), open.signalType(), open.action(), open.direction(), open.filledAt());
            BROKER.client().send(prefix + ".fills", open.orderId(), Json.text(open));
            int n = 1500;
            java.math.BigDecimal expected = java.math.BigDecimal.ZERO;
            for (int i = 0; i < n; i++) {
                // record i announces the settlement at T0 + (i+1) h; record i+1 shows it happened
                java.math.BigDecimal rate = new java.math.BigDecimal("0.0001").multiply(java.math.BigDecimal.valueOf(i % 5 - 2));
                java.math.BigDecimal mark = java.math.BigDecimal.valueOf(100 + i % 7);
                FundingRate record = new FundingRate("KRAKEN_FUTURES", "BTC-USD", T0.plusSeconds(3600L * i + 1), (long) i,
                        rate, null, T0.plusSeconds(3600L * (i + 1)), 1, mark);
                if (i < n - 1) {
                    expected = expected.add(java.math.BigDecimal.valueOf(-2).multiply(mark).multiply(rate));
                }
                BROKER.client().send(prefix + ".funding", "KRAKEN_FUTURES/BTC-USD", Json.text(record));
            }
            Path config = Files.writeString(Files.createTempFile("sink", ".yaml"), """
                    kafka:
                      properties:
                        consumer.session.timeout.ms: "6000"
                        consumer.heartbeat.interval.ms: "1000"
                    """);
            Random random = new Random(7);
            int kills = 0;
            while (count(db, "funding_payments") < n - 1 && kills < 4) {
                Process sink = startJvm(config, db, env);
                long target = Math.min(n - 1, count(db, "funding_payments") + 150 + random.nextInt(300));
                Await.until(Duration.ofSeconds(90), () -> count(db, "funding_payments") >= target);
                sink.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                kills++;
            }
            assertThat(kills).as("the sink was killed mid-stream").isGreaterThanOrEqualTo(3);
            // the replay: the ledger forgets where it was, and reads both topics again from the start
            db.database.jdbi().useHandle(h -> h.execute("DELETE FROM consumer_offsets"));
            Process last = startJvm(config, db, env);
            try {
                Await.until(Duration.ofSeconds(90), () -> count(db, "funding_payments") >= n - 1
                        && db.database.jdbi().withHandle(h -> h.createQuery(
                                "SELECT COALESCE(sum(next_offset), 0) FROM consumer_offsets WHERE topic = :t")
                        .bind("t", prefix + ".funding").mapTo(Long.class).one()) >= n);
            } finally {
                last.destroy();
                last.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(count(db, "funding_payments")).isEqualTo(n - 1);
            java.math.BigDecimal booked = db.database.jdbi().withHandle(h ->
                    h.createQuery("SELECT sum(amount) FROM funding_payments").mapTo(java.math.BigDecimal.class).one());
            assertThat(booked).isEqualByComparingTo(expected);
            java.math.BigDecimal onPosition = db.database.jdbi().withExtension(PositionDao.class,
                    d -> d.find("BTC-USD", "KRAKEN_FUTURES")).orElseThrow().funding();
            assertThat(onPosition).isEqualByComparingTo(expected);
        }
    }

    @Test
    void redisDownThenBackIsReloadedFromPostgresAndRecordingNeverStops() throws Exception {
        String prefix = "cache";
        int port = EmbeddedKafka.freePort();
        try (RedisServer redis = new RedisServer();
             TestDatabase db = new TestDatabase(env(prefix, redis.uri(), port));
             SinkService sink = new SinkService(db.config).start()) {
            BROKER.client().send(prefix + ".fills", "o-1", Json.text(fill("r-1", Side.BUY, "2", "100", "0.4", "momentum", T0)));
            Await.until(Duration.ofSeconds(30), () -> redisValue(redis, prefix + ":positions:BTC-USD") != null);

            redis.stop();
            BROKER.client().send(prefix + ".fills", "o-2", Json.text(fill("r-2", Side.BUY, "1", "103", "0.2", "momentum", T0.plusSeconds(1))));
            Await.until(Duration.ofSeconds(30), () -> count(db, "fills") == 2);
            PositionReader.Read whileDown = sink.reader().read("BTC-USD", "KRAKEN_SPOT");
            assertThat(whileDown.source()).isEqualTo(PositionReader.Source.POSTGRES);
            assertThat(whileDown.position().quantity()).isEqualByComparingTo("3");
            assertThat(whileDown.status()).isEqualTo(PositionStatus.OPEN);

            redis.start(); // an empty Redis: everything it holds must come from PostgreSQL
            Await.until(Duration.ofSeconds(60), () -> {
                String cached = redisValue(redis, prefix + ":positions:BTC-USD");
                return cached != null && cached.contains("\"quantity\":\"3\"");
            });
            Await.until(Duration.ofSeconds(10), () -> sink.reader().read("BTC-USD", "KRAKEN_SPOT").source() == PositionReader.Source.REDIS);
            assertThat(sink.reader().read("BTC-USD", "KRAKEN_SPOT").position().avgEntry()).isEqualByComparingTo("101");
        }
    }

    @Test
    void neitherRedisNorPostgresAnsweringIsUnknown() {
        Map<String, String> env = new HashMap<>(Map.of("TRADEOS_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:1/none"));
        var config = tech.tradeos.execution.model.config.ConfigLoader.load(null, env);
        try (Database unreachable = new Database(config.postgres())) {
            PositionReader.Read read = new PositionReader(null, unreachable.jdbi()).read("BTC-USD", "KRAKEN_SPOT");
            assertThat(read.source()).isEqualTo(PositionReader.Source.NONE);
            assertThat(read.status()).isEqualTo(PositionStatus.UNKNOWN);
        }
    }

    private static Process startJvm(Path config, TestDatabase db, Map<String, String> env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                SinkService.class.getName(), config.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("TRADEOS_"));
        pb.environment().putAll(env);
        pb.environment().put("TRADEOS_POSTGRES_URL", db.config.postgres().url());
        pb.environment().put("TRADEOS_POSTGRES_SCHEMA", db.config.postgres().schema());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(config.resolveSibling(config.getFileName() + ".log").toFile()));
        return pb.start();
    }

    private static long count(TestDatabase db, String table) {
        return db.database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }

    private static String redisValue(RedisServer redis, String key) {
        RedisClient c = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> conn = c.connect()) {
            return conn.sync().hget(key, "KRAKEN_SPOT");
        } catch (RuntimeException down) {
            return null;
        } finally {
            c.shutdown();
        }
    }

    private JsonNode getJson(int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return Json.tree(r.body());
    }

}
