package tech.tradeos.execution.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.position.Position;
import tech.tradeos.execution.model.position.PositionStatus;
import tech.tradeos.execution.testkit.Await;
import tech.tradeos.execution.testkit.RedisServer;

/** The Redis cache's consistency with its authority, on a redis-server of the test's own. */
class PositionCacheIT {
    private static Position position(String quantity, long version) {
        return new Position("BTC-USD", "KRAKEN_SPOT", new BigDecimal(quantity), new BigDecimal("100"), BigDecimal.ZERO,
                BigDecimal.ZERO, PositionStatus.OPEN, "momentum", 0, version, Instant.parse("2026-12-01T00:00:00Z"), null, null);
    }

    private static long cachedVersion(PositionCache cache) {
        return cache.read("BTC-USD", "KRAKEN_SPOT").map(Position::version).orElse(-1L);
    }

    private static PositionCache writer(RedisServer redis, Supplier<List<Position>> authority) {
        return PositionCache.writer(new TradeosConfig.Redis(redis.uri(), "cache-it:"), authority);
    }

    @Test
    void aWriteDuringAReloadIsNeverUndoneByIt() throws Exception {
        try (RedisServer redis = new RedisServer()) {
            AtomicReference<Thread> concurrent = new AtomicReference<>();
            AtomicReference<PositionCache> self = new AtomicReference<>();
            // the reload reads version 5 from PostgreSQL; meanwhile the sink commits version 6 and writes it
            Supplier<List<Position>> authority = () -> {
                PositionCache cache = self.get();
                if (cache != null && concurrent.get() == null) {
                    Thread write = new Thread(() -> cache.write(List.of(position("6", 6))));
                    concurrent.set(write);
                    write.start();
                    try {
                        Await.until(Duration.ofSeconds(10), () -> write.getState() == Thread.State.BLOCKED
                                || write.getState() == Thread.State.TERMINATED);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return List.of(position("5", 5));
            };
            try (PositionCache cache = writer(redis, authority)) {
                Await.until(Duration.ofSeconds(10), cache::loaded); // the connect-time reload, before the race is armed
                self.set(cache);
                cache.reload();
                concurrent.get().join(10_000);
                assertThat(cachedVersion(cache)).as("the newer write survives the reload").isEqualTo(6);
            }
        }
    }

    @Test
    void aWriteRedisRefusesWhileConnectedPutsTheCacheInDoubtUntilReloaded() throws Exception {
        try (RedisServer redis = new RedisServer()) {
            AtomicReference<List<Position>> ledger = new AtomicReference<>(List.of(position("1", 1)));
            try (PositionCache cache = writer(redis, ledger::get)) {
                Await.until(Duration.ofSeconds(10), cache::loaded);
                redisCommand(redis, "CONFIG", "SET", "maxmemory", "1"); // every write is refused: OOM, still connected
                ledger.set(List.of(position("2", 2)));
                cache.write(List.of(position("2", 2)));
                assertThat(cache.loaded()).isFalse();
                assertThat(redisCommand(redis, "EXISTS", "cache-it:positions-loaded")).as("readers are told").isEqualTo("0");

                redisCommand(redis, "CONFIG", "SET", "maxmemory", "0");
                ledger.set(List.of(position("3", 3)));
                cache.write(List.of()); // the next batch, even one that moved no position, reloads
                Await.until(Duration.ofSeconds(10), cache::loaded);
                assertThat(cachedVersion(cache)).isEqualTo(3);
                assertThat(redisCommand(redis, "EXISTS", "cache-it:positions-loaded")).isEqualTo("1");
            }
        }
    }

    @Test
    void aLedgerWriteWithAnUnknownOutcomeReloadsTheCacheFromTheLedger() throws Exception {
        try (RedisServer redis = new RedisServer()) {
            AtomicReference<List<Position>> ledger = new AtomicReference<>(List.of(position("1", 1)));
            try (PositionCache cache = writer(redis, ledger::get)) {
                Await.until(Duration.ofSeconds(10), cache::loaded);
                // the commit of version 2 reached PostgreSQL, its acknowledgement did not: nothing was written to Redis
                ledger.set(List.of(position("2", 2)));
                cache.doubt("commit outcome unknown");
                assertThat(cache.loaded()).isFalse();
                cache.write(List.of()); // the retried batch is a no-op for the ledger
                Await.until(Duration.ofSeconds(10), cache::loaded);
                assertThat(cachedVersion(cache)).isEqualTo(2);
            }
        }
    }

    private static String redisCommand(RedisServer redis, String... args) {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return switch (args[0]) {
                case "CONFIG" -> c.sync().configSet(args[2], args[3]);
                case "EXISTS" -> Long.toString(c.sync().exists(args[1]));
                default -> throw new IllegalArgumentException(args[0]);
            };
        } finally {
            client.shutdown();
        }
    }
}
