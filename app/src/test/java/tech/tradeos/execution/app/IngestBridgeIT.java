package tech.tradeos.execution.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tech.tradeos.execution.ingest.IngestBridge;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.position.PositionLedger;
import tech.tradeos.execution.testkit.Await;
import tech.tradeos.execution.testkit.Deployment;
import tech.tradeos.execution.testkit.KafkaBroker;
import tech.tradeos.execution.topology.RouterService;

/**
 * cryptofeed's Kafka backend onto the router's topics on a real broker: snapshots, deltas with removals, a
 * delta before any snapshot, Kraken Futures' absolute funding, a malformed record — the exact books and
 * relative rates arrive, and a router routes on them.
 */
class IngestBridgeIT {
    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    @Test
    void cryptofeedBooksAndFundingReachTheRoutersTopicsExactlyAndARouterRoutesOnThem() throws Exception {
        Map<String, String> env = Deployment.env("ingest", BROKER.bootstrapServers());
        env.put("TRADEOS_INGEST_HTTP_PORT", Integer.toString(tech.tradeos.execution.embedded.EmbeddedKafka.freePort()));
        env.put("TRADEOS_INGEST_GROUP_ID", "ingest-it");
        env.put("TRADEOS_ROUTING_STALENESS_MS", "3600000");
        env.put("TRADEOS_POSITIONS_LEDGER", "false");
        TradeosConfig config = ConfigLoader.load(null, env);
        long now = Instant.now().getEpochSecond();
        try (RouterService router = new RouterService(config, PositionLedger.NONE).start();
             IngestBridge bridge = new IngestBridge(config).start()) {
            Await.until(Duration.ofSeconds(60), () -> router.streams().state() == KafkaStreams.State.RUNNING);
            // a delta before any snapshot: waits
            BROKER.client().send("book-KRAKEN-BTC-USD", "book", """
                    {"exchange":"KRAKEN","symbol":"BTC-USD","delta":{"bid":[["66000","9"]],"ask":[]},"timestamp":%d.0}""".formatted(now));
            BROKER.client().send("book-KRAKEN-BTC-USD", "book", """
                    {"exchange":"KRAKEN","symbol":"BTC-USD","book":{"bid":{"67000.5":1.5,"67000":2},"ask":{"67001":0.5,"67002":3}},
                     "timestamp":%d.1,"receipt_timestamp":%d.2}""".formatted(now, now));
            BROKER.client().send("book-KRAKEN-BTC-USD", "book", """
                    {"exchange":"KRAKEN","symbol":"BTC-USD","delta":{"bid":[["67000.5",0]],"ask":[["67001.5","1"]]},"timestamp":%d.5}"""
                    .formatted(now));
            BROKER.client().send("book-KRAKEN_FUTURES-BTC-USD-PERP", "book", """
                    {"exchange":"KRAKEN_FUTURES","symbol":"BTC-USD-PERP","book":{"bid":{"66999":5},"ask":{"67001":5}},"timestamp":%d.0}"""
                    .formatted(now));
            // the absolute rate is made relative by the venue's book mid: that book first (topics are not ordered among themselves)
            Await.until(Duration.ofSeconds(30), () -> lastBook(config, "KRAKEN_FUTURES") != null);
            BROKER.client().send("funding-KRAKEN_FUTURES-BTC-USD-PERP", "funding", """
                    {"exchange":"KRAKEN_FUTURES","symbol":"BTC-USD-PERP","mark_price":null,"rate":"0.67","predicted_rate":null,
                     "next_funding_time":%d,"timestamp":%d.0}""".formatted(now + 3600, now));
            BROKER.client().send("book-KRAKEN-BTC-USD", "book", "{not json");
            BROKER.client().send("book-NOWHERE-BTC-USD", "book", """
                    {"exchange":"NOWHERE","symbol":"BTC-USD","book":{"bid":{"1":1},"ask":{"2":1}},"timestamp":%d.0}""".formatted(now));

            // the last Kraken Spot book published is the snapshot with the delta applied: 67000.5 removed, 67001.5 added
            Await.until(Duration.ofSeconds(30), () -> lastBook(config, "KRAKEN_SPOT") != null
                    && lastBook(config, "KRAKEN_SPOT").get("asks").size() == 3);
            JsonNode spot = lastBook(config, "KRAKEN_SPOT");
            assertThat(spot.get("bids").toString()).isEqualTo("[[\"67000\",\"2\"]]");
            assertThat(spot.get("asks").toString()).isEqualTo("[[\"67001\",\"0.5\"],[\"67001.5\",\"1\"],[\"67002\",\"3\"]]");
            assertThat(spot.get("instrument").asText()).isEqualTo("BTC-USD");

            List<ConsumerRecord<String, String>> funding = BROKER.client().readUntil(config.topics().funding(), Duration.ofSeconds(30),
                    s -> !s.isEmpty());
            JsonNode rate = Json.tree(funding.get(0).value());
            assertThat(rate.get("venue").asText()).isEqualTo("KRAKEN_FUTURES");
            assertThat(new java.math.BigDecimal(rate.get("rate").asText())).as("0.67 / the book's mid 67000").isEqualByComparingTo("0.00001");
            assertThat(rate.get("intervalHours").asInt()).isEqualTo(1);

            List<ConsumerRecord<String, String>> dead = BROKER.client().readUntil(config.topics().dlq(), Duration.ofSeconds(30),
                    s -> s.size() >= 2);
            assertThat(dead).extracting(r -> new String(r.headers().lastHeader("tradeos.source.topic").value()))
                    .containsExactlyInAnyOrder("book-KRAKEN-BTC-USD", "book-NOWHERE-BTC-USD");

            // a router routes on the bridged market
            BROKER.client().send(config.topics().intentsApproved(), "bridged", """
                    {"intentId":"bridged","instrument":"BTC-USD","direction":"LONG","action":"OPEN","quantity":"0.1","market":"SPOT",
                     "signalType":"momentum","createdAt":"%s"}""".formatted(Instant.now()));
            List<ConsumerRecord<String, String>> orders = BROKER.client().readUntil(config.topics().ordersRouted(), Duration.ofSeconds(30),
                    s -> !s.isEmpty());
            JsonNode order = Json.tree(orders.get(0).value());
            assertThat(order.get("venue").asText()).isEqualTo("KRAKEN_SPOT");
            assertThat(new java.math.BigDecimal(order.get("expectedPrice").asText())).isEqualByComparingTo("67001");
        }
    }

    @Test
    void theIngestionServicesRedisKeysReachTheRoutersTopicsAnnouncedOrOnResync() throws Exception {
        try (tech.tradeos.execution.testkit.RedisServer redis = new tech.tradeos.execution.testkit.RedisServer()) {
            Map<String, String> env = Deployment.env("ingest-redis", BROKER.bootstrapServers());
            env.put("TRADEOS_INGEST_HTTP_PORT", Integer.toString(tech.tradeos.execution.embedded.EmbeddedKafka.freePort()));
            env.put("TRADEOS_INGEST_GROUP_ID", "ingest-redis-it");
            env.put("TRADEOS_INGEST_CRYPTOFEED_KAFKA", "false");
            env.put("TRADEOS_INGEST_REDIS_URI", redis.uri());
            env.put("TRADEOS_INGEST_REDIS_RESYNC_SECONDS", "1");
            TradeosConfig config = ConfigLoader.load(null, env);
            io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.uri());
            try (IngestBridge bridge = new IngestBridge(config).start();
                 var connection = client.connect()) {
                var r = connection.sync();
                Instant now = Instant.now();
                String kraken = """
                        {"venue":"KRAKEN_SPOT","instrument":"BTC-USD","timestamp":"%s","sequence":7,
                         "bids":[["66999.5","2"]],"asks":[["67000.5","1"]]}""".formatted(now);
                r.set("md:book:KRAKEN_SPOT:BTC-USD", kraken);
                r.xadd("md:updates", Map.of("key", "md:book:KRAKEN_SPOT:BTC-USD"));
                Await.until(Duration.ofSeconds(30), () -> lastBook(config, "KRAKEN_SPOT") != null);
                assertThat(lastBook(config, "KRAKEN_SPOT").get("asks").toString()).isEqualTo("[[\"67000.5\",\"1\"]]");

                // written with no announcement: the resync finds it
                r.set("md:funding:KRAKEN_FUTURES:BTC-USD", """
                        {"venue":"KRAKEN_FUTURES","instrument":"BTC-USD","timestamp":"%s","rate":"0.00001",
                         "nextFundingTime":"%s","intervalHours":1}""".formatted(now, now.plusSeconds(3600)));
                assertThat(BROKER.client().readUntil(config.topics().funding(), Duration.ofSeconds(30), s -> !s.isEmpty()))
                        .first().satisfies(rec -> assertThat(rec.value()).contains("KRAKEN_FUTURES"));

                // a value the router could not use: dead-lettered with the key as its source
                r.set("md:book:GEMINI:BTC-USD", "{\"venue\":\"GEMINI\"}");
                r.xadd("md:updates", Map.of("key", "md:book:GEMINI:BTC-USD"));
                List<ConsumerRecord<String, String>> dead = BROKER.client().readUntil(config.topics().dlq(), Duration.ofSeconds(30),
                        s -> !s.isEmpty());
                assertThat(new String(dead.get(0).headers().lastHeader("tradeos.source.topic").value()))
                        .isEqualTo("redis:book:GEMINI:BTC-USD");
            } finally {
                client.shutdown();
            }
        }
    }

    /**
     * cryptofeed's Redis backends: a BookStream written before the bridge started (read from its newest snapshot on:
     * the delta before it is not applied), then live deltas, one that crosses the book (a missed change: the book
     * waits for the next snapshot); BookRedis and FundingRedis sorted sets; a BookSnapshotRedisKey string; a
     * FundingStream with cryptofeed's "None" values; a bad entry. Exact books and rates on the router's topics.
     */
    @Test
    void cryptofeedsRedisBackendsReachTheRoutersTopicsExactly() throws Exception {
        try (tech.tradeos.execution.testkit.RedisServer redis = new tech.tradeos.execution.testkit.RedisServer()) {
            Map<String, String> env = Deployment.env("ingest-cfredis", BROKER.bootstrapServers());
            env.put("TRADEOS_INGEST_HTTP_PORT", Integer.toString(tech.tradeos.execution.embedded.EmbeddedKafka.freePort()));
            env.put("TRADEOS_INGEST_GROUP_ID", "ingest-cfredis-it");
            env.put("TRADEOS_INGEST_CRYPTOFEED_KAFKA", "false");
            env.put("TRADEOS_INGEST_CRYPTOFEED_REDIS_URI", redis.uri());
            env.put("TRADEOS_INGEST_REDIS_RESYNC_SECONDS", "1");
            TradeosConfig config = ConfigLoader.load(null, env);
            io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.uri());
            try (var connection = client.connect()) {
                var r = connection.sync();
                long now = Instant.now().getEpochSecond();
                // BookStream, before the bridge starts: fields as text, book/delta as JSON text
                r.xadd("book-KRAKEN-BTC-USD", Map.of("exchange", "KRAKEN", "symbol", "BTC-USD",
                        "delta", "{\"bid\":[[66000.0,9.0]],\"ask\":[]}", "timestamp", now + ".0", "receipt_timestamp", now + ".0"));
                r.xadd("book-KRAKEN-BTC-USD", Map.of("exchange", "KRAKEN", "symbol", "BTC-USD",
                        "book", "{\"bid\":{\"67000.5\":1.5,\"67000.0\":2.0},\"ask\":{\"67001.0\":0.5,\"67002.0\":3.0}}",
                        "timestamp", now + ".1", "receipt_timestamp", now + ".2"));
                try (IngestBridge bridge = new IngestBridge(config).start()) {
                    Await.until(Duration.ofSeconds(30), () -> lastBook(config, "KRAKEN_SPOT") != null);
                    assertThat(lastBook(config, "KRAKEN_SPOT").get("bids").toString()).as("the delta before the snapshot is not in it")
                            .isEqualTo("[[\"67000.5\",\"1.5\"],[\"67000.0\",\"2\"]]"); // a JSON number's trailing zeros are not kept
                    r.xadd("book-KRAKEN-BTC-USD", Map.of("exchange", "KRAKEN", "symbol", "BTC-USD",
                            "delta", "{\"bid\":[[67000.5,0.0]],\"ask\":[[67001.5,1.0]]}", "timestamp", now + ".5", "receipt_timestamp", now + ".6"));
                    Await.until(Duration.ofSeconds(30), () -> lastBook(config, "KRAKEN_SPOT").get("asks").size() == 3);
                    assertThat(lastBook(config, "KRAKEN_SPOT").get("bids").toString()).isEqualTo("[[\"67000.0\",\"2\"]]");
                    // a delta that crosses the book: a change was missed; the next delta waits, the next snapshot repairs it
                    r.xadd("book-KRAKEN-BTC-USD", Map.of("exchange", "KRAKEN", "symbol", "BTC-USD",
                            "delta", "{\"bid\":[[67005.0,1.0]],\"ask\":[]}", "timestamp", now + ".7", "receipt_timestamp", now + ".7"));
                    r.xadd("book-KRAKEN-BTC-USD", Map.of("exchange", "KRAKEN", "symbol", "BTC-USD",
                            "delta", "{\"bid\":[[66990.0,7.0]],\"ask\":[]}", "timestamp", now + ".8", "receipt_timestamp", now + ".8"));
                    r.xadd("book-KRAKEN-BTC-USD", Map.of("exchange", "KRAKEN", "symbol", "BTC-USD",
                            "book", "{\"bid\":{\"67010.0\":1.0},\"ask\":{\"67011.0\":1.0}}", "timestamp", (now + 1) + ".0",
                            "receipt_timestamp", (now + 1) + ".0"));

                    // BookRedis: a sorted set scored by receipt time; a snapshot, then a delta
                    r.zadd("book-COINBASE-BTC-USD", now + 0.1, """
                            {"exchange":"COINBASE","symbol":"BTC-USD","book":{"bid":{"66990.0":1.0},"ask":{"67003.0":2.0,"67004.0":1.0}},
                             "timestamp":%d.05,"receipt_timestamp":%d.1}""".formatted(now, now));
                    r.zadd("book-COINBASE-BTC-USD", now + 0.3, """
                            {"exchange":"COINBASE","symbol":"BTC-USD","delta":{"bid":[],"ask":[[67003.0,0.0]]},
                             "timestamp":%d.3,"receipt_timestamp":%d.3}""".formatted(now, now));
                    // BookSnapshotRedisKey: the latest snapshot in a string
                    r.set("book-GEMINI-BTC-USD", """
                            {"exchange":"GEMINI","symbol":"BTC-USD","book":{"bid":{"66995.0":0.25},"ask":{"67005.0":0.75}},
                             "timestamp":%d.2,"receipt_timestamp":%d.2}""".formatted(now, now));
                    // FundingRedis (Kraken Futures, absolute per contract, with its mark) and FundingStream ("None" values)
                    r.zadd("funding-KRAKEN_FUTURES-BTC-USD-PERP", now, """
                            {"exchange":"KRAKEN_FUTURES","symbol":"BTC-USD-PERP","mark_price":67000.0,"rate":1.34,"predicted_rate":"None",
                             "next_funding_time":%d.0,"timestamp":%d.0,"receipt_timestamp":%d.1}""".formatted(now + 3600, now, now));
                    r.xadd("funding-BINANCE_FUTURES-BTC-USDT-PERP", Map.of("exchange", "BINANCE_FUTURES", "symbol", "BTC-USDT-PERP",
                            "mark_price", "None", "rate", "0.0001", "predicted_rate", "None", "next_funding_time", (now + 28800) + ".0",
                            "timestamp", now + ".0", "receipt_timestamp", now + ".0"));
                    // bad: an unmapped symbol and a NaN rate
                    r.xadd("book-KRAKEN-DOGE-USD", Map.of("exchange", "KRAKEN", "symbol", "DOGE-USD",
                            "book", "{\"bid\":{\"1.0\":1.0},\"ask\":{\"2.0\":1.0}}", "timestamp", now + ".0", "receipt_timestamp", now + ".0"));
                    r.zadd("funding-BYBIT-BTC-USDT-PERP", now, """
                            {"exchange":"BYBIT","symbol":"BTC-USDT-PERP","rate":"NaN","next_funding_time":%d,"timestamp":%d}""".formatted(now, now));

                    Await.until(Duration.ofSeconds(30), () -> "[[\"67010.0\",\"1\"]]".equals(lastBook(config, "KRAKEN_SPOT").get("bids").toString()));
                    Await.until(Duration.ofSeconds(30), () -> lastBook(config, "COINBASE") != null
                            && lastBook(config, "COINBASE").get("asks").size() == 1);
                    assertThat(lastBook(config, "COINBASE").get("asks").toString()).isEqualTo("[[\"67004.0\",\"1\"]]");
                    Await.until(Duration.ofSeconds(30), () -> lastBook(config, "GEMINI") != null);
                    assertThat(lastBook(config, "GEMINI").get("bids").toString()).isEqualTo("[[\"66995.0\",\"0.25\"]]");
                    // no Kraken Spot book between the crossing delta and the next snapshot had the 66990 level
                    assertThat(books(config, "KRAKEN_SPOT")).noneMatch(b -> b.get("bids").toString().contains("66990"));

                    List<ConsumerRecord<String, String>> funding = BROKER.client().readUntil(config.topics().funding(), Duration.ofSeconds(30),
                            s -> s.size() >= 2);
                    Map<String, JsonNode> rates = new java.util.HashMap<>();
                    for (ConsumerRecord<String, String> f : funding) {
                        JsonNode rate = Json.tree(f.value());
                        rates.put(rate.get("venue").asText(), rate);
                        assertThat(f.key()).isEqualTo("BTC-USD");
                        assertThat(new String(f.headers().lastHeader(IngestBridge.TIME_SOURCE_HEADER).value())).isEqualTo(
                                rate.get("venue").asText().equals("KRAKEN_FUTURES") ? "exchange" : "receipt");
                    }
                    assertThat(new java.math.BigDecimal(rates.get("KRAKEN_FUTURES").get("rate").asText())).as("1.34 / mark 67000")
                            .isEqualByComparingTo("0.00002");
                    assertThat(new java.math.BigDecimal(rates.get("BINANCE_FUTURES").get("rate").asText())).isEqualByComparingTo("0.0001");
                    assertThat(rates.get("BINANCE_FUTURES").get("intervalHours").asInt()).isEqualTo(8);

                    // a feed's age and the source's state, for an alert
                    String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + bridge.port() + "/metrics")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                    assertThat(metrics).contains("tradeos_ingest_last_update_age_seconds{instrument=\"BTC-USD\",kind=\"book\",venue=\"COINBASE\"}")
                            .contains("tradeos_ingest_last_update_age_seconds{instrument=\"BTC-USD\",kind=\"funding\",venue=\"KRAKEN_FUTURES\"}")
                            .contains("tradeos_ingest_source_up{source=\"cryptofeed-redis\"} 1.0");

                    List<ConsumerRecord<String, String>> dead = BROKER.client().readUntil(config.topics().dlq(), Duration.ofSeconds(30),
                            s -> s.size() >= 2);
                    assertThat(dead).extracting(d -> new String(d.headers().lastHeader("tradeos.source.topic").value()))
                            .containsExactlyInAnyOrder("redis:book-KRAKEN-DOGE-USD", "redis:funding-BYBIT-BTC-USDT-PERP");
                    assertThat(dead).extracting(d -> new String(d.headers().lastHeader("tradeos.error.message").value()))
                            .anySatisfy(m -> assertThat(m).contains("no mapping for KRAKEN DOGE-USD"));
                }
            } finally {
                client.shutdown();
            }
        }
    }

    private static List<JsonNode> books(TradeosConfig config, String venue) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (ConsumerRecord<String, String> r : BROKER.client().readUntil(config.topics().orderbook(), Duration.ofMillis(300), s -> false)) {
            JsonNode b = Json.tree(r.value());
            if (b.get("venue").asText().equals(venue)) {
                out.add(b);
            }
        }
        return out;
    }

    private static JsonNode lastBook(TradeosConfig config, String venue) {
        try {
            List<ConsumerRecord<String, String>> books = BROKER.client().readUntil(config.topics().orderbook(), Duration.ofMillis(300),
                    s -> false);
            JsonNode last = null;
            for (ConsumerRecord<String, String> r : books) {
                JsonNode b = Json.tree(r.value());
                if (b.get("venue").asText().equals(venue)) {
                    last = b;
                }
            }
            return last;
        } catch (Exception notYet) {
            return null;
        }
    }
}
