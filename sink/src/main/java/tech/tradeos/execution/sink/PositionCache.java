package tech.tradeos.execution.sink;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.position.Position;

/**
 * The Redis hot copy of the positions: one hash per instrument ({@code {prefix}positions:{instrument}},
 * field venue, value the position JSON). PostgreSQL is the authority: the sink (the writer) reloads
 * the whole cache from it when its connection comes up (at start and after every reconnect), never the
 * other way round, and marks a complete cache with {@code {prefix}positions-loaded}; readers trust
 * Redis only while that mark is there. A write only replaces a cached position with a higher version,
 * and writes and reloads never interleave (one lock), so neither can undo the other: a position committed
 * after a reload's read of PostgreSQL is written after the reload. When the cache may have missed a write —
 * a Redis write failed while connected, or a ledger commit whose outcome is unknown — it is <em>in doubt</em>:
 * the mark is removed (readers go to PostgreSQL) and the next write reloads it whole. While Redis is down,
 * commands fail at once (they are not queued) and the caller goes on without it.
 */
public final class PositionCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PositionCache.class);
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** HSET if the cached version is lower (or none is cached): KEYS[1] hash, ARGV[1] venue, ARGV[2] json, ARGV[3] version. */
    private static final String SET_IF_NEWER = """
            local cur = redis.call('HGET', KEYS[1], ARGV[1])
            if cur then
              local v = cjson.decode(cur)['version']
              if v and tonumber(v) >= tonumber(ARGV[3]) then return 0 end
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return 1
            """;

    private final RedisClient client;
    private volatile StatefulRedisConnection<String, String> connection;
    private int connectAttempts;
    private final String prefix;
    private final String loadedMark;
    private final boolean writer;
    private final Supplier<List<Position>> authority;
    private final ScheduledExecutorService reloader =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "position-cache"));
    private final AtomicBoolean loaded = new AtomicBoolean(false);
    /** A write may have been missed: the next write reloads instead. */
    private final AtomicBoolean inDoubt = new AtomicBoolean(false);
    private final AtomicBoolean reloadQueued = new AtomicBoolean(false);
    private final Disposable events;

    /** The sink's cache: it writes, and reloads from {@code authority} (all positions in PostgreSQL) on every connect. */
    public static PositionCache writer(TradeosConfig.Redis config, Supplier<List<Position>> authority) {
        return new PositionCache(config, authority, true);
    }

    /** A reader's cache (the router's trade path): it only reads, and trusts Redis only while the sink's load mark is set. */
    public static PositionCache reader(TradeosConfig.Redis config) {
        return new PositionCache(config, List::of, false);
    }

    private PositionCache(TradeosConfig.Redis config, Supplier<List<Position>> authority, boolean writer) {
        this.prefix = config.keyPrefix() + "positions:";
        this.loadedMark = config.keyPrefix() + "positions-loaded";
        this.authority = authority;
        this.writer = writer;
        RedisURI uri = RedisURI.create(config.uri());
        uri.setTimeout(TIMEOUT);
        client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                .build());
        events = client.getResources().eventBus().get()
                .filter(e -> writer && e instanceof ConnectionActivatedEvent)
                .subscribe(e -> reloadAsync("connection to Redis (re)established"));
        reloader.execute(this::connect);
    }

    /** Lettuce reconnects an established connection by itself; the first one is retried here until Redis answers. */
    private void connect() {
        try {
            connection = client.connect(); // fires ConnectionActivatedEvent, which reloads the writer's cache
            LOG.info("connected to Redis (keys {}*)", prefix);
        } catch (RuntimeException down) {
            if (connectAttempts++ == 0) {
                LOG.warn("Redis is not reachable ({}); positions are read from PostgreSQL; retrying every 2 s",
                        down.getMessage());
            }
            reloader.schedule(this::connect, 2, TimeUnit.SECONDS);
        }
    }

    /** Whether Redis answers a PING now (within the client's timeout). */
    public boolean answers() {
        try {
            return connected() && "PONG".equals(commands().ping());
        } catch (RuntimeException down) {
            return false;
        }
    }

    public boolean connected() {
        return connection != null && connection.isOpen();
    }

    /** Writer: a reload from PostgreSQL has completed on the current connection. Reader: the sink's load mark is set. */
    public boolean loaded() {
        if (writer) {
            return loaded.get();
        }
        try {
            return connected() && commands().exists(loadedMark) > 0;
        } catch (RuntimeException down) {
            return false;
        }
    }

    private void reloadAsync(String why) {
        loaded.set(false);
        if (!reloadQueued.compareAndSet(false, true)) {
            return; // one is already due, and it reads PostgreSQL after this
        }
        reloader.execute(() -> {
            reloadQueued.set(false);
            try {
                int n = reload();
                LOG.info("position cache reloaded from PostgreSQL after {}: {} positions", why, n);
            } catch (RuntimeException e) {
                inDoubt.set(true); // the next write tries again
                LOG.warn("position cache reload after {} failed: {}", why, e.toString());
            }
        });
    }

    /**
     * The cache may have missed a write ({@code why}): readers are told at once (the load mark goes), and the
     * next write reloads it from PostgreSQL.
     */
    public void doubt(String why) {
        if (!writer) {
            return;
        }
        loaded.set(false);
        if (!inDoubt.getAndSet(true)) {
            LOG.warn("position cache in doubt ({}): readers use PostgreSQL until it is reloaded", why);
        }
        try {
            if (connected()) {
                commands().del(loadedMark);
            }
        } catch (RuntimeException down) {
            // a Redis that does not answer is not read either
        }
    }

    /** Replaces the cache with PostgreSQL's positions; returns how many were written. */
    public synchronized int reload() {
        inDoubt.set(false);
        RedisCommands<String, String> redis = commands();
        List<Position> positions = authority.get();
        redis.del(loadedMark);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
            if (!page.getKeys().isEmpty()) {
                redis.del(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
        for (Position p : positions) {
            redis.hset(key(p.instrument()), p.venue(), Json.text(p));
        }
        redis.set(loadedMark, java.time.Instant.now().toString());
        loaded.set(true);
        return positions.size();
    }

    /**
     * Writes committed positions, or reloads the whole cache when it is in doubt. A failure while connected
     * puts the cache in doubt; while disconnected, the reload on reconnect repairs it.
     */
    public synchronized void write(List<Position> positions) {
        if (!connected()) {
            return;
        }
        if (inDoubt.get()) {
            reloadAsync("a write the cache may have missed");
            return;
        }
        if (positions.isEmpty()) {
            return;
        }
        try {
            RedisCommands<String, String> redis = commands();
            for (Position p : positions) {
                redis.eval(SET_IF_NEWER, ScriptOutputType.INTEGER, new String[]{key(p.instrument())},
                        p.venue(), Json.text(p), Long.toString(p.version()));
            }
        } catch (RuntimeException e) {
            doubt("a Redis write failed: " + e);
        }
    }

    /** The cached position; empty on a miss; throws when Redis does not answer. */
    public Optional<Position> read(String instrument, String venue) {
        String json = commands().hget(key(instrument), venue);
        return json == null ? Optional.empty() : Optional.of(parse(json));
    }

    /** Every cached position of the instrument (all venues); throws when Redis does not answer. */
    public List<Position> readAll(String instrument) {
        return commands().hgetall(key(instrument)).values().stream().map(PositionCache::parse).toList();
    }

    private static Position parse(String json) {
        try {
            return Json.read(json, Position.class);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable cached position: " + json, e);
        }
    }

    private RedisCommands<String, String> commands() {
        if (connection == null) {
            throw new IllegalStateException("Redis is not connected");
        }
        return connection.sync();
    }

    String key(String instrument) {
        return prefix + instrument;
    }

    @Override
    public void close() {
        events.dispose();
        reloader.shutdownNow();
        if (connection != null) {
            connection.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
