package tech.tradeos.execution.demo;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import tech.tradeos.execution.ingest.CryptofeedFormat;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;

/**
 * Where the demo's simulated market is written ({@code --market}): straight onto the router's topics, or in the
 * format an existing ingestion stack writes — the ingestion service's Redis keys, cryptofeed's Kafka backend, or
 * cryptofeed's Redis streams — for the ingestion bridge the demo then runs to carry onto those topics.
 * cryptofeed's feeds send a snapshot first and every {@link #SNAPSHOT_EVERY} updates, deltas in between.
 */
final class DemoFeed implements AutoCloseable {
    static final List<String> MARKETS = List.of("direct", "redis", "cryptofeed-kafka", "cryptofeed-redis");
    static final int SNAPSHOT_EVERY = 20;
    /** What the demo's Redis streams are trimmed to (about): the demo runs for hours. */
    private static final long STREAM_LENGTH = 2_000;

    private final String market;
    private final TradeosConfig config;
    private final KafkaProducer<String, String> producer;
    private final CryptofeedFormat format;
    private final Clock clock;
    private final Map<String, BookSnapshot> lastBook = new HashMap<>();
    private final Map<String, Integer> sinceSnapshot = new HashMap<>();
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;

    private DemoFeed(String market, TradeosConfig config, KafkaProducer<String, String> producer, Clock clock) {
        this.market = market;
        this.config = config;
        this.producer = producer;
        this.clock = clock;
        this.format = new CryptofeedFormat(config.ingest());
        if (market.equals("redis") || market.equals("cryptofeed-redis")) {
            io.lettuce.core.RedisURI uri = io.lettuce.core.RedisURI.create(config.redis().uri());
            uri.setTimeout(Duration.ofSeconds(5));
            client = RedisClient.create(uri);
            connection = client.connect();
            redis = connection.sync();
        } else {
            client = null;
            connection = null;
            redis = null;
        }
    }

    /** {@code market}: one of {@link #MARKETS}; a Redis one needs Redis to answer (the caller checks it first). */
    static DemoFeed open(String market, TradeosConfig config, KafkaProducer<String, String> producer, Clock clock) {
        DemoFeed feed = new DemoFeed(market, config, producer, clock);
        feed.clearDemoKeys();
        return feed;
    }

    /**
     * The bridge's settings for {@code market}: only its source on, the demo's own Redis key prefixes (below the
     * demo's {@code redis.key-prefix}, so a deployment's keys are never read or touched), new keys found every 2 s.
     */
    static void configureBridge(String market, Map<String, String> env, String redisUri, String keyPrefix, int httpPort) {
        env.put("TRADEOS_INGEST_HTTP_PORT", Integer.toString(httpPort));
        env.put("TRADEOS_INGEST_GROUP_ID", "tradeos-demo-ingest");
        env.put("TRADEOS_INGEST_CRYPTOFEED_KAFKA", Boolean.toString(market.equals("cryptofeed-kafka")));
        env.put("TRADEOS_INGEST_REDIS_RESYNC_SECONDS", "2");
        env.put("TRADEOS_INGEST_REDIS_PREFIX", keyPrefix + "md:");
        if (market.equals("redis")) {
            env.put("TRADEOS_INGEST_REDIS_URI", redisUri);
        }
        if (market.equals("cryptofeed-redis")) {
            env.put("TRADEOS_INGEST_CRYPTOFEED_REDIS_URI", redisUri);
            env.put("TRADEOS_INGEST_BOOK_TOPIC_PREFIX", keyPrefix + "book");
            env.put("TRADEOS_INGEST_FUNDING_TOPIC_PREFIX", keyPrefix + "funding");
        }
    }

    synchronized void book(BookSnapshot book) {
        switch (market) {
            case "direct" -> producer.send(new ProducerRecord<>(config.topics().orderbook(), book.instrument(), // keyed for the fast path
                    Json.text(book)));
            case "redis" -> {
                String key = config.ingest().redisPrefix() + "book:" + book.venue() + ":" + book.instrument();
                redis.set(key, Json.text(book));
                redis.xadd(config.ingest().redisPrefix() + "updates", XAddArgs.Builder.maxlen(STREAM_LENGTH).approximateTrimming(),
                        Map.of("key", key));
            }
            default -> format.source(book.venue(), book.instrument()).ifPresent(source -> {
                String id = book.venue() + "/" + book.instrument();
                BookSnapshot before = lastBook.put(id, book);
                int since = sinceSnapshot.merge(id, 1, Integer::sum);
                Map<String, Object> message;
                if (before == null || since >= SNAPSHOT_EVERY) {
                    sinceSnapshot.put(id, 0);
                    message = CryptofeedFormat.snapshot(source, book, clock.instant());
                } else {
                    message = CryptofeedFormat.delta(source, before, book, clock.instant());
                }
                cryptofeed(config.ingest().bookTopicPrefix(), source, message);
            });
        }
    }

    synchronized void funding(FundingRate rate, double mark) {
        switch (market) {
            case "direct" -> producer.send(new ProducerRecord<>(config.topics().funding(), rate.instrument(),
                    Json.text(rate)));
            case "redis" -> {
                String key = config.ingest().redisPrefix() + "funding:" + rate.venue() + ":" + rate.instrument();
                redis.set(key, Json.text(rate));
                redis.xadd(config.ingest().redisPrefix() + "updates", XAddArgs.Builder.maxlen(STREAM_LENGTH).approximateTrimming(),
                        Map.of("key", key));
            }
            default -> format.source(rate.venue(), rate.instrument()).ifPresent(source -> cryptofeed(config.ingest().fundingTopicPrefix(),
                    source, CryptofeedFormat.funding(source, rate, BigDecimal.valueOf(mark), clock.instant())));
        }
    }

    /** cryptofeed's key and topic name: {@code <prefix>-<EXCHANGE>-<SYMBOL>}; its Redis streams hold the fields as text. */
    private void cryptofeed(String prefix, CryptofeedFormat.Source source, Map<String, Object> message) {
        String name = prefix + "-" + source.exchange() + "-" + source.symbol();
        if (market.equals("cryptofeed-kafka")) {
            // cryptofeed keys every message with its backend's key, the prefix: a topic's messages stay in one partition, in order
            producer.send(new ProducerRecord<>(name, prefix, Json.text(message)));
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        message.forEach((k, v) -> fields.put(k, v == null ? "None" : v instanceof Map ? Json.text(v) : v.toString()));
        redis.xadd(name, XAddArgs.Builder.maxlen(STREAM_LENGTH).approximateTrimming(), fields);
    }

    /** A demo starts from no market: its own keys from an earlier run are deleted (nothing else is touched). */
    private void clearDemoKeys() {
        if (redis == null) {
            return;
        }
        List<String> patterns = market.equals("redis") ? List.of(config.ingest().redisPrefix() + "*")
                : List.of(config.ingest().bookTopicPrefix() + "-*", config.ingest().fundingTopicPrefix() + "-*");
        for (String p : patterns) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(p).limit(500));
                if (!page.getKeys().isEmpty()) {
                    redis.del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        }
    }

    static String describe(String market) {
        return switch (market) {
            case "redis" -> "the ingestion service's Redis keys";
            case "cryptofeed-kafka" -> "cryptofeed's Kafka backend";
            case "cryptofeed-redis" -> "cryptofeed's Redis streams";
            default -> "the router's topics";
        } + (market.equals("direct") ? "" : ", carried by the ingestion bridge");
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
