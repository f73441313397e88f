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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import tech.tradeos.execution.model.Position;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;

/**
 * The Redis hot copy of the positions. PostgreSQL is the authority: the whole cache is reloaded from
 * it when the connection comes up (at start and after every reconnect), never the other way round.
 * A write only replaces a cached position with a higher version, so a late write cannot undo a
 * reload. While Redis is down, commands fail at once (they are not queued) and the sink goes on.
 */
public final class PositionCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PositionCache.class);
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** SET if the cached version is lower (or nothing is cached): KEYS[1] key, ARGV[1] json, ARGV[2] version. */
    private static final String SET_IF_NEWER = """
            local cur = redis.call('GET', KEYS[1])
            if cur then
              local v = cjson.decode(cur)['version']
              if v and tonumber(v) >= tonumber(ARGV[2]) then return 0 end
            end
            redis.call('SET', KEYS[1], ARGV[1])
            return 1
            """;

    private final RedisClient client;
    private volatile StatefulRedisConnection<String, String> connection;
    private final String prefix;
    private final Supplier<List<Position>> authority;
    private final ScheduledExecutorService reloader =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "position-cache"));
    private final AtomicBoolean loaded = new AtomicBoolean(false);
    private final Disposable events;

    /**
     * @param authority reads every position from PostgreSQL
     */
    public PositionCache(TradeosConfig.Redis config, Supplier<List<Position>> authority) {
        this.prefix = config.keyPrefix() + "position:";
        this.authority = authority;
        RedisURI uri = RedisURI.create(config.uri());
        uri.setTimeout(TIMEOUT);
        client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                .build());
        events = client.getResources().eventBus().get()
                .filter(e -> e instanceof ConnectionActivatedEvent)
                .subscribe(e -> reloadAsync("connection to Redis (re)established"));
        reloader.execute(this::connect);
    }

    /** Lettuce reconnects an established connection by itself; the first one is retried here until Redis answers. */
    private void connect() {
        try {
            connection = client.connect(); // fires ConnectionActivatedEvent, which reloads
        } catch (RuntimeException down) {
            LOG.warn("Redis is not reachable ({}); positions are read from PostgreSQL, retrying in 2 s", down.getMessage());
            reloader.schedule(this::connect, 2, TimeUnit.SECONDS);
        }
    }

    public boolean connected() {
        return connection != null && connection.isOpen();
    }

    /** True once a reload from PostgreSQL has completed on the current connection. */
    public boolean loaded() {
        return loaded.get();
    }

    private void reloadAsync(String why) {
        loaded.set(false);
        reloader.execute(() -> {
            try {
                int n = reload();
                LOG.info("position cache reloaded from PostgreSQL after {}: {} positions", why, n);
            } catch (RuntimeException e) {
                LOG.warn("position cache reload after {} failed: {}", why, e.toString());
            }
        });
    }

    /** Replaces the cache with PostgreSQL's positions; returns how many were written. */
    public int reload() {
        RedisCommands<String, String> redis = commands();
        List<Position> positions = authority.get();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
            if (!page.getKeys().isEmpty()) {
                redis.del(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
        for (Position p : positions) {
            redis.set(key(p.instrument(), p.venue()), Json.text(p));
        }
        loaded.set(true);
        return positions.size();
    }

    /** Writes committed positions; a failure (Redis down) is logged, the reload on reconnect repairs it. */
    public void write(List<Position> positions) {
        if (positions.isEmpty() || !connected()) {
            return;
        }
        try {
            RedisCommands<String, String> redis = commands();
            for (Position p : positions) {
                redis.eval(SET_IF_NEWER, ScriptOutputType.INTEGER, new String[]{key(p.instrument(), p.venue())},
                        Json.text(p), Long.toString(p.version()));
            }
        } catch (RuntimeException e) {
            LOG.warn("position cache write failed ({}); it is reloaded from PostgreSQL when Redis is back", e.toString());
        }
    }

    /** The cached position; empty on a miss; throws when Redis does not answer. */
    public Optional<Position> read(String instrument, String venue) {
        if (!connected()) {
            throw new IllegalStateException("Redis is not connected");
        }
        String json = commands().get(key(instrument, venue));
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.read(json, Position.class));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable cached position " + key(instrument, venue), e);
        }
    }

    private RedisCommands<String, String> commands() {
        if (connection == null) {
            throw new IllegalStateException("Redis is not connected");
        }
        return connection.sync();
    }

    String key(String instrument, String venue) {
        return prefix + instrument + ":" + venue;
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
