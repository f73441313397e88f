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
