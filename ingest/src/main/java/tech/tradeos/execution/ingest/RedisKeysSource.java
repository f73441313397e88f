package tech.tradeos.execution.ingest;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.config.Redaction;

/**
 * The ingestion service's Redis keys (docs/README.md §Market data in): the latest book of a venue and instrument
 * at {@code {prefix}book:{VENUE}:{INSTRUMENT}}, its funding at {@code {prefix}funding:{VENUE}:{INSTRUMENT}}, both in
 * the router's own JSON; every write announced on the stream {@code {prefix}updates} (field {@code key}). This
 * reads the stream (blocking, from where it stopped — never polling every key in a loop) and, every
 * {@code ingest.redis-resync-seconds}, every key again (SCAN), so an announcement missed while it was away
 * heals. Each key's value goes to {@code onValue(key, json)}; Redis down is retried every 2 s.
 */
final class RedisKeysSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisKeysSource.class);

    private final RedisClient client;
    private final String prefix;
    private final long resyncMs;
    private final BiConsumer<String, String> onValue;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile String lastError = "";

    RedisKeysSource(String uri, String prefix, int resyncSeconds, BiConsumer<String, String> onValue) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(Duration.ofSeconds(5));
        this.client = RedisClient.create(redisUri);
        this.prefix = prefix;
        this.resyncMs = resyncSeconds * 1000L;
        this.onValue = onValue;
        this.thread = new Thread(this::run, "ingest-redis");
        this.thread.setDaemon(true);
    }

    RedisKeysSource start() {
        thread.start();
        return this;
    }

    String lastError() {
        return lastError;
    }

    private void run() {
        String lastId = null;
        while (running.get()) {
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> redis = connection.sync();
                if (lastId == null) {
                    // announcements from the stream's end as it is now (not "$": that is "now" again at every read, and
                    // what arrives between two reads would be lost); the first resync reads every key anyway
                    List<StreamMessage<String, String>> newest = redis.xrevrange(prefix + "updates", io.lettuce.core.Range.create("-", "+"),
                            io.lettuce.core.Limit.from(1));
                    lastId = newest.isEmpty() ? "0-0" : newest.get(0).getId();
                }
                long nextResync = 0;
                lastError = "";
                while (running.get()) {
                    if (System.currentTimeMillis() >= nextResync) {
                        resync(redis);
                        nextResync = System.currentTimeMillis() + resyncMs;
                    }
                    List<StreamMessage<String, String>> read = redis.xread(XReadArgs.Builder.block(500).count(500),
                            XReadArgs.StreamOffset.from(prefix + "updates", lastId));
                    // a key announced several times in one read is read once: its value is the newest anyway
                    java.util.Set<String> announced = new java.util.LinkedHashSet<>();
                    for (StreamMessage<String, String> m : read) {
                        lastId = m.getId();
                        String key = m.getBody().get("key");
                        if (key != null && key.startsWith(prefix)) {
                            announced.add(key);
                        }
                    }
                    announced.forEach(key -> deliver(redis, key));
                }
            } catch (RuntimeException e) {
                lastError = Redaction.message(e);
                LOG.warn("ingest: Redis source failed ({}); retrying in 2 s", lastError);
                sleep();
            }
        }
    }

    private void resync(RedisCommands<String, String> redis) {
        for (String pattern : List.of(prefix + "book:*", prefix + "funding:*")) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(500));
                page.getKeys().forEach(k -> deliver(redis, k));
                cursor = page;
            } while (!cursor.isFinished());
        }
    }

    private void deliver(RedisCommands<String, String> redis, String key) {
        String value = redis.get(key);
        if (value != null) {
            onValue.accept(key.substring(prefix.length()), value);
        }
    }

    private void sleep() {
        try {
            Thread.sleep(2000); // back-off while Redis is away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
