package tech.tradeos.execution.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.config.Redaction;
import tech.tradeos.execution.model.json.Json;

/**
 * cryptofeed's Redis backends (docs/README.md §Market data in), told apart by each key's type:
 * <ul>
 *   <li>{@code BookRedis} / {@code FundingRedis}: a sorted set {@code book-<EXCHANGE>-<SYMBOL>} whose members are the
 *       messages' JSON, scored by receipt time (books) or timestamp (funding);</li>
 *   <li>{@code BookStream} / {@code FundingStream}: a stream of the same name whose entries are the messages' fields,
 *       {@code book} or {@code delta} as JSON text;</li>
 *   <li>{@code BookSnapshotRedisKey}: a string of the same name holding the latest snapshot's JSON.</li>
 * </ul>
 * A key is found by SCAN every {@code ingest.redis-resync-seconds}; from a new key the newest snapshot (within
 * {@link #BACKFILL} entries) and what follows it are read, so a restart starts from a whole book. Then streams are
 * read with one blocking XREAD over all of them, sorted sets from their last score on, strings with one MGET,
 * every {@code ingest.cryptofeed-redis-poll-ms}. Each message goes to the bridge as the Kafka backend's would; one
 * it cannot use is dead-lettered with the source {@code redis:<key>}. Redis down is retried every 2 s.
 */
final class CryptofeedRedisSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CryptofeedRedisSource.class);
    /** How far back a new key is searched for its newest snapshot (cryptofeed writes one every 1 000 deltas). */
    static final int BACKFILL = 2_000;
    private static final int BATCH = 1_000;

    private final RedisClient client;
    private final String bookPrefix;
    private final String fundingPrefix;
    private final long resyncMs;
    private final long pollMs;
    private final IngestBridge bridge;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, String> streams = new LinkedHashMap<>(); // key → last entry id read
    private final Map<String, ZsetPosition> zsets = new LinkedHashMap<>();
    private final Map<String, String> strings = new LinkedHashMap<>(); // key → last value delivered
    private volatile String lastError = "";

    /** Where a sorted set was read up to: its last score and the members with exactly that score already read. */
    private record ZsetPosition(double score, Set<String> atScore) {
    }

    CryptofeedRedisSource(String uri, String bookPrefix, String fundingPrefix, int resyncSeconds, int pollMs, IngestBridge bridge) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(Duration.ofSeconds(5));
        this.client = RedisClient.create(redisUri);
        this.bookPrefix = bookPrefix + "-";
        this.fundingPrefix = fundingPrefix + "-";
        this.resyncMs = resyncSeconds * 1000L;
        this.pollMs = pollMs;
        this.bridge = bridge;
        this.thread = new Thread(this::run, "ingest-cryptofeed-redis");
        this.thread.setDaemon(true);
    }

    CryptofeedRedisSource start() {
        thread.start();
        return this;
    }

    String lastError() {
        return lastError;
    }

    private void run() {
        while (running.get()) {
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> redis = connection.sync();
                long nextDiscovery = 0;
                lastError = "";
                while (running.get()) {
                    if (System.currentTimeMillis() >= nextDiscovery) {
                        discover(redis);
                        nextDiscovery = System.currentTimeMillis() + resyncMs;
                    }
                    readStreams(redis);
                    readZsets(redis);
                    readStrings(redis);
                    bridge.publishDue(false);
                }
            } catch (RuntimeException e) {
                lastError = Redaction.message(e);
                LOG.warn("ingest: cryptofeed Redis source failed ({}); retrying in 2 s", lastError);
                pause(2000); // back-off while Redis is away
            }
        }
    }

    /** Finds new keys; a new one is read from its newest snapshot on. Strings are read again (a missed change heals). */
    private void discover(RedisCommands<String, String> redis) {
        for (String prefix : List.of(bookPrefix, fundingPrefix)) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
                for (String key : page.getKeys()) {
                    if (!streams.containsKey(key) && !zsets.containsKey(key) && !strings.containsKey(key)) {
                        begin(redis, key);
                    }
                }
                cursor = page;
            } while (!cursor.isFinished());
        }
        strings.replaceAll((k, v) -> "");
    }

    private void begin(RedisCommands<String, String> redis, String key) {
        boolean book = key.startsWith(bookPrefix);
        switch (redis.type(key)) {
            case "stream" -> {
                List<StreamMessage<String, String>> newest = redis.xrevrange(key, Range.create("-", "+"), Limit.from(BACKFILL));
                int from = book ? newestSnapshot(newest, m -> m.getBody().containsKey("book")) : Math.min(0, newest.size() - 1);
                for (int i = from; i >= 0; i--) {
                    deliver(key, book, newest.get(i).getBody(), null);
                }
                streams.put(key, newest.isEmpty() ? "0-0" : newest.get(0).getId());
            }
            case "zset" -> {
                List<ScoredValue<String>> newest = redis.zrevrangeWithScores(key, 0, BACKFILL - 1);
                int from = book ? newestSnapshot(newest, v -> v.getValue().contains("\"book\"")) : Math.min(0, newest.size() - 1);
                for (int i = from; i >= 0; i--) {
                    deliver(key, book, null, newest.get(i).getValue());
                }
                zsets.put(key, newest.isEmpty() ? new ZsetPosition(Double.NEGATIVE_INFINITY, Set.of()) : position(newest));
            }
            case "string" -> strings.put(key, "");
            default -> LOG.debug("ingest: {} is neither a stream, a sorted set nor a string: not cryptofeed's", key);
        }
    }

    /** The index (newest first) of the newest snapshot; without one in reach, none is read (deltas wait for the next). */
    private static <T> int newestSnapshot(List<T> newestFirst, java.util.function.Predicate<T> isSnapshot) {
        for (int i = 0; i < newestFirst.size(); i++) {
            if (isSnapshot.test(newestFirst.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static ZsetPosition position(List<ScoredValue<String>> newestFirst) {
        double top = newestFirst.get(0).getScore();
        Set<String> at = new HashSet<>();
        for (ScoredValue<String> v : newestFirst) {
            if (v.getScore() != top) {
                break;
            }
            at.add(v.getValue());
        }
        return new ZsetPosition(top, at);
    }

    @SuppressWarnings("unchecked")
    private void readStreams(RedisCommands<String, String> redis) {
        if (streams.isEmpty()) {
            if (zsets.isEmpty() && strings.isEmpty()) {
                pause(pollMs);
            }
            return;
        }
        XReadArgs.StreamOffset<String>[] offsets = streams.entrySet().stream()
                .map(e -> XReadArgs.StreamOffset.from(e.getKey(), e.getValue())).toArray(XReadArgs.StreamOffset[]::new);
        // blocks only when nothing else is read by polling, so sorted sets and strings keep their pace
        long block = zsets.isEmpty() && strings.isEmpty() ? pollMs : 0;
        XReadArgs args = block > 0 ? XReadArgs.Builder.block(block).count(BATCH) : XReadArgs.Builder.count(BATCH);
        for (StreamMessage<String, String> m : redis.xread(args, offsets)) {
            streams.put(m.getStream(), m.getId());
            deliver(m.getStream(), m.getStream().startsWith(bookPrefix), m.getBody(), null);
        }
        if (block == 0) {
            pause(pollMs);
        }
    }

    private void readZsets(RedisCommands<String, String> redis) {
        for (Map.Entry<String, ZsetPosition> e : zsets.entrySet()) {
            ZsetPosition at = e.getValue();
            // from the last score inclusive: cryptofeed may add a member with that same score after we read it
            List<ScoredValue<String>> next = redis.zrangebyscoreWithScores(e.getKey(),
                    Range.create(at.score(), Double.POSITIVE_INFINITY), Limit.create(0, BATCH));
            double score = at.score();
            Set<String> atScore = new HashSet<>(at.atScore());
            for (ScoredValue<String> v : next) {
                if (v.getScore() == at.score() && at.atScore().contains(v.getValue())) {
                    continue;
                }
                if (v.getScore() != score) {
                    score = v.getScore();
                    atScore.clear();
                }
                atScore.add(v.getValue());
                deliver(e.getKey(), e.getKey().startsWith(bookPrefix), null, v.getValue());
            }
            e.setValue(new ZsetPosition(score, atScore));
        }
    }

    private void readStrings(RedisCommands<String, String> redis) {
        if (strings.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>(strings.keySet());
        var values = redis.mget(keys.toArray(String[]::new));
        for (int i = 0; i < keys.size(); i++) {
            String value = values.get(i).getValueOrElse(null);
            if (value != null && !value.equals(strings.get(keys.get(i)))) {
                strings.put(keys.get(i), value);
                deliver(keys.get(i), keys.get(i).startsWith(bookPrefix), null, value);
            }
        }
    }

    private void deliver(String key, boolean book, Map<String, String> fields, String json) {
        String raw = json != null ? json : Json.text(fields);
        try {
            IngestBridge.checkSize(raw.length());
            JsonNode message = json != null ? Json.MAPPER.readTree(json) : fromFields(fields);
            if (message == null || !message.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            bridge.accept(book, message);
        } catch (IOException | RuntimeException bad) {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            bridge.deadLetter("redis:" + key, -1, -1, null, k, raw.getBytes(StandardCharsets.UTF_8), bad);
        }
    }

    /** A stream entry as the message it was: its fields, with {@code book} and {@code delta} parsed from their JSON text. */
    private static JsonNode fromFields(Map<String, String> fields) throws IOException {
        ObjectNode node = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (f.getKey().equals("book") || f.getKey().equals("delta")) {
                node.set(f.getKey(), Json.MAPPER.readTree(f.getValue()));
            } else {
                node.put(f.getKey(), f.getValue());
            }
        }
        return node;
    }

    private void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
