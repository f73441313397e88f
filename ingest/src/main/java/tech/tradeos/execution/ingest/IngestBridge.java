package tech.tradeos.execution.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.config.Redaction;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.topic.DeadLetters;
import tech.tradeos.execution.model.topic.KafkaClients;
import tech.tradeos.execution.model.topic.Topics;
import tech.tradeos.execution.ops.OpsAccess;
import tech.tradeos.execution.ops.OpsHttp;

/**
 * {@code tradeos ingest}: cryptofeed's Kafka backend — and, when {@code ingest.cryptofeed-redis-uri} is set, its Redis
 * backends ({@link CryptofeedRedisSource}); when {@code ingest.redis-uri} is set, the ingestion service's Redis keys
 * ({@link RedisKeysSource}) — onto the router's topics (docs/README.md §Market data in). It
 * reads every {@code <book-prefix>-<EXCHANGE>-<SYMBOL>} and {@code <funding-prefix>-…} topic (a pattern
 * subscription: a new symbol's topic is picked up), maps exchange and symbol to the venue table, keeps a book per
 * venue and instrument from snapshots and deltas, and publishes it to {@code marketdata.orderbook} (keyed by
 * instrument) at most {@code ingest.max-snapshots-per-second} times a second; funding goes to
 * {@code marketdata.funding} made relative where the venue reports it absolute. A record it cannot use goes to
 * the DLQ with the reason and its source; a delta without a snapshot (or one that crosses the book: a change was
 * missed — cryptofeed's messages carry no sequence number) is counted and the book waits for the next snapshot. At least once:
 * offsets are committed after what they produced is acknowledged.
 */
public final class IngestBridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestBridge.class);
    /** Header on every published record: {@code exchange} or {@code receipt}, the time its timestamp is. */
    public static final String TIME_SOURCE_HEADER = "tradeos.timestamp-source";
    /** The largest message read from Redis (Kafka's own limit bounds the topics); a larger one is dead-lettered cut. */
    static final int MAX_MESSAGE_CHARS = 1_000_000;
    private static final int DLQ_VALUE_CUT = 16_384;

    private final TradeosConfig.Ingest settings;
    private final Topics topics;
    private final Map<String, String> targets = new HashMap<>();
    private final FundingRules funding;
    private final Clock clock;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, LocalBook> books = new HashMap<>();
    private final Map<String, Long> lastPublishedMs = new HashMap<>();
    private final Map<String, Boolean> pending = new HashMap<>();
    private final Map<String, Instant> lastUpdate = new java.util.concurrent.ConcurrentHashMap<>();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final OpsHttp http;
    private final Thread loop;
    private final RedisKeysSource redis;
    private final CryptofeedRedisSource cryptofeedRedis;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch stopped = new CountDownLatch(1);

    public IngestBridge(TradeosConfig config) throws IOException {
        this.settings = config.ingest();
        this.topics = Topics.from(config);
        this.funding = new FundingRules(settings.fundingIntervalHours());
        this.clock = Clock.systemUTC();
        settings.mappings().forEach((exchange, symbols) -> symbols.forEach((symbol, target) -> {
            String[] vi = target.split("/");
            if (vi.length != 2 || !config.venues().containsKey(vi[0])) {
                throw new IllegalArgumentException("ingest.mappings." + exchange + "." + symbol + ": '" + target
                        + "' is not VENUE/INSTRUMENT of the venue table");
            }
            targets.put(exchange + " " + symbol, target);
        }));
        Properties c = KafkaClients.consumer(config, settings.groupId());
        // the pattern subscription sees a new symbol's topic at the next metadata refresh: 5 min by default
        c.putIfAbsent(org.apache.kafka.clients.consumer.ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5000);
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        producer = new KafkaProducer<>(KafkaClients.producer(config), new ByteArraySerializer(), new ByteArraySerializer());
        loop = new Thread(this::run, "ingest-loop");
        redis = settings.redisUri() == null || settings.redisUri().isBlank() ? null
                : new RedisKeysSource(settings.redisUri(), settings.redisPrefix(), settings.redisResyncSeconds(), this::fromRedis);
        cryptofeedRedis = settings.cryptofeedRedisUri().isBlank() ? null
                : new CryptofeedRedisSource(settings.cryptofeedRedisUri(), settings.bookTopicPrefix(), settings.fundingTopicPrefix(),
                        settings.redisResyncSeconds(), settings.cryptofeedRedisPollMs(), this);
        if (redis != null) {
            registry.gauge("tradeos.ingest.source.up", io.micrometer.core.instrument.Tags.of("source", "redis"), redis,
                    r -> r.lastError().isEmpty() ? 1 : 0);
        }
        if (cryptofeedRedis != null) {
            registry.gauge("tradeos.ingest.source.up", io.micrometer.core.instrument.Tags.of("source", "cryptofeed-redis"),
                    cryptofeedRedis, r -> r.lastError().isEmpty() ? 1 : 0);
        }
        http = new OpsHttp("ingest", config.http().bind(), settings.httpPort(), 2)
                .get("/health", r -> {
                    Map<String, Object> h = health();
                    return OpsHttp.Reply.json(Boolean.TRUE.equals(h.get("running")) ? 200 : 503, h);
                })
                .get("/metrics", r -> OpsHttp.Reply.text(200, "text/plain; version=0.0.4", registry.scrape()))
                .access(OpsAccess.from(config.http(), config.http().port()));
    }

    public IngestBridge start() {
        http.start();
        loop.start();
        if (redis != null) {
            redis.start();
        }
        if (cryptofeedRedis != null) {
            cryptofeedRedis.start();
        }
        LOG.info("ingest bridge: {}-* and {}-* onto {} and {}", settings.bookTopicPrefix(), settings.fundingTopicPrefix(),
                topics.orderbook().name(), topics.funding().name());
        return this;
    }

    public int port() {
        return http.port();
    }

    /** The age of the last update per venue and instrument: a feed that went quiet shows here. */
    Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("running", !settings.cryptofeedKafka() || loop.isAlive());
        if (redis != null) {
            h.put("redisError", redis.lastError());
        }
        if (cryptofeedRedis != null) {
            h.put("cryptofeedRedisError", cryptofeedRedis.lastError());
        }
        Map<String, Long> ages = new TreeMap<>();
        Instant now = clock.instant();
        lastUpdate.forEach((k, at) -> ages.put(k, Duration.between(at, now).toMillis()));
        h.put("lastUpdateAgeMs", ages);
        return h;
    }

    private void run() {
        if (!settings.cryptofeedKafka()) {
            consumer.close(Duration.ofSeconds(1));
            stopped.countDown();
            return; // ingest.cryptofeed-kafka off: the Redis source alone
        }
        Pattern pattern = Pattern.compile("^(" + Pattern.quote(settings.bookTopicPrefix()) + "|"
                + Pattern.quote(settings.fundingTopicPrefix()) + ")-.+");
        try {
            consumer.subscribe(pattern);
            while (running.get()) {
                try {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        handle(r);
                    }
                    publishDue(false);
                    if (!records.isEmpty()) {
                        producer.flush(); // acknowledged before the offsets that produced them are committed
                        consumer.commitSync();
                    }
                } catch (WakeupException stopping) {
                    break;
                } catch (RuntimeException e) {
                    LOG.warn("ingest iteration failed ({}); going on", Redaction.message(e));
                    registry.counter("tradeos.ingest.loop.errors").increment();
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
            stopped.countDown();
        }
    }

    /**
     * A value of the ingestion service's Redis keys ({@code book:VENUE:INSTRUMENT} or {@code funding:…}), in the
     * router's own format: checked like every record, then published keyed by instrument; a bad one dead-lettered
     * with {@code redis:<key>} as its source. Runs on the Redis source's thread: sends are thread-safe.
     */
    private void fromRedis(String key, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        try {
            checkSize(value.length());
            String[] parts = key.split(":", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException("key " + key + " is not book|funding:VENUE:INSTRUMENT");
            }
            if (parts[0].equals("book")) {
                BookSnapshot book = Json.read(bytes, BookSnapshot.class);
                requireKey(key, parts, book.venue(), book.instrument());
                producer.send(new ProducerRecord<>(topics.orderbook().name(), utf8(book.instrument()), Json.bytes(book)));
                registry.counter("tradeos.ingest.books", "venue", book.venue()).increment();
            } else if (parts[0].equals("funding")) {
                FundingRate rate = Json.read(bytes, FundingRate.class);
                requireKey(key, parts, rate.venue(), rate.instrument());
                producer.send(new ProducerRecord<>(topics.funding().name(), utf8(rate.instrument()), Json.bytes(rate)));
                registry.counter("tradeos.ingest.funding", "venue", rate.venue()).increment();
            } else {
                throw new IllegalArgumentException("key " + key + " is not book|funding:VENUE:INSTRUMENT");
            }
            touched(parts[1], parts[2], parts[0]);
        } catch (IOException | RuntimeException bad) {
            deadLetter("redis:" + key, -1, -1, null, utf8(key), bytes, bad);
        }
    }

    private static void requireKey(String key, String[] parts, String venue, String instrument) {
        if (!parts[1].equals(venue) || !parts[2].equals(instrument)) {
            throw new IllegalArgumentException("key " + key + " holds " + venue + " " + instrument);
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> r) {
        try {
            if (r.value() == null) {
                throw new IllegalArgumentException("empty record (null value)");
            }
            JsonNode json = Json.MAPPER.readTree(r.value());
            if (json == null || !json.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            accept(r.topic().startsWith(settings.bookTopicPrefix() + "-"), json);
        } catch (IOException | RuntimeException bad) {
            deadLetter(r.topic(), r.partition(), r.offset(), r.headers(), r.key(), r.value(), bad);
        }
    }

    /**
     * One cryptofeed message from any of its backends: a book snapshot or delta ({@code book}) or funding. Both
     * sources' threads call it: the books are this bridge's one shared state, hence the lock.
     */
    synchronized void accept(boolean book, JsonNode json) {
        if (book) {
            book(CryptofeedMessage.book(json));
        } else {
            fund(CryptofeedMessage.funding(json));
        }
    }

    private String target(CryptofeedMessage m) {
        String target = targets.get(m.exchange() + " " + m.symbol());
        if (target == null) {
            throw new IllegalArgumentException("no mapping for " + m.exchange() + " " + m.symbol() + " (ingest.mappings)");
        }
        return target;
    }

    private void book(CryptofeedMessage m) {
        String target = target(m);
        String[] vi = target.split("/");
        LocalBook book = books.computeIfAbsent(target, k -> new LocalBook(vi[0], vi[1]));
        if (m instanceof CryptofeedMessage.Snapshot s) {
            book.snapshot(s.bids(), s.asks(), s.stamp());
            if (!book.synced()) {
                throw new IllegalArgumentException("snapshot of " + target + " is crossed or empty");
            }
        } else {
            CryptofeedMessage.Delta d = (CryptofeedMessage.Delta) m;
            if (!book.delta(d.bids(), d.asks(), d.stamp())) {
                // not a bad record: the book has no snapshot to apply it to yet (or it crossed, so a change was
                // missed) — counted, and the next snapshot resynchronises it
                registry.counter("tradeos.ingest.deltas.waiting", "venue", vi[0]).increment();
                return;
            }
        }
        pending.put(target, true);
        touched(vi[0], vi[1], "book");
    }

    private void fund(CryptofeedMessage.Funding f) {
        String target = target(f);
        String[] vi = target.split("/");
        LocalBook book = books.get(target);
        FundingRate rate = funding.toRate(vi[0], vi[1], f, book == null ? null : book.mid());
        producer.send(record(topics.funding().name(), vi[1], Json.bytes(rate), f.stamp().source()));
        registry.counter("tradeos.ingest.funding", "venue", vi[0]).increment();
        touched(vi[0], vi[1], "funding");
    }

    /**
     * Notes an update of a venue's book or funding for an instrument: on /health, and as the gauge
     * {@code tradeos_ingest_last_update_age_seconds{venue,instrument,kind}} an alert can watch (a feed gone quiet).
     */
    private void touched(String venue, String instrument, String kind) {
        String key = venue + "/" + instrument + (kind.equals("funding") ? " funding" : "");
        if (lastUpdate.put(key, clock.instant()) == null) {
            registry.gauge("tradeos.ingest.last.update.age.seconds", io.micrometer.core.instrument.Tags.of("venue", venue,
                    "instrument", instrument, "kind", kind), lastUpdate, m -> {
                        Instant at = m.get(key);
                        return at == null ? Double.NaN : Duration.between(at, clock.instant()).toMillis() / 1000.0;
                    });
        }
    }

    /** Publishes every changed book whose last publication is older than the rate allows ({@code all}: every changed one). */
    synchronized void publishDue(boolean all) {
        long now = clock.millis();
        long minGap = 1000L / settings.maxSnapshotsPerSecond();
        pending.entrySet().removeIf(e -> {
            if (!e.getValue()) {
                return true;
            }
            if (!all && now - lastPublishedMs.getOrDefault(e.getKey(), 0L) < minGap) {
                return false;
            }
            LocalBook book = books.get(e.getKey());
            BookSnapshot snapshot = book.toSnapshot(settings.depth());
            if (snapshot != null) {
                producer.send(record(topics.orderbook().name(), snapshot.instrument(), Json.bytes(snapshot), book.timeSource()));
                registry.counter("tradeos.ingest.books", "venue", snapshot.venue()).increment();
                lastPublishedMs.put(e.getKey(), now);
            }
            return true;
        });
    }

    /** A record for the router's topics, keyed by instrument, saying where its time came from. */
    private static ProducerRecord<byte[], byte[]> record(String topic, String instrument, byte[] value, String timeSource) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, utf8(instrument), value);
        r.headers().add(TIME_SOURCE_HEADER, utf8(timeSource));
        return r;
    }

    static void checkSize(int chars) {
        if (chars > MAX_MESSAGE_CHARS) {
            throw new IllegalArgumentException("a message of " + chars + " characters (at most " + MAX_MESSAGE_CHARS + ")");
        }
    }

    /** A record no stage can use, to the DLQ with the reason and where it came from (a topic, or {@code redis:<key>}). */
    void deadLetter(String source, int partition, long offset, org.apache.kafka.common.header.Headers headers, byte[] key,
                    byte[] value, Exception reason) {
        String message = Json.describe(reason);
        LOG.debug("dead-lettering {}-{}@{}: {}", source, partition, offset, message);
        if (value != null && value.length > MAX_MESSAGE_CHARS) {
            value = java.util.Arrays.copyOf(value, DLQ_VALUE_CUT); // the DLQ keeps the start: enough to see what it was
        }
        producer.send(new ProducerRecord<>(topics.dlq().name(), null, key, value,
                DeadLetters.headers(headers, reason.getClass().getName(), message, source, partition, offset)));
        registry.counter("tradeos.dlq.records", "source", source.startsWith("redis:") ? "redis" : source).increment();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
        if (cryptofeedRedis != null) {
            cryptofeedRedis.close();
        }
        running.set(false);
        consumer.wakeup();
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
        producer.close(Duration.ofSeconds(5));
        registry.close();
    }
}
