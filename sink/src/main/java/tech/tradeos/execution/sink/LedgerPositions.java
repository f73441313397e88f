package tech.tradeos.execution.sink;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.config.Redaction;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.position.Position;
import tech.tradeos.execution.model.position.PositionLedger;

/**
 * The positions as another process (the router) reads them: Redis read-only, PostgreSQL behind it,
 * every call bounded by {@code positions.ledger-timeout-ms} and run on this class's own threads. A
 * check every second keeps {@link #reachable} current (Redis answers a PING, or PostgreSQL a
 * {@code SELECT 1}), so the trade path judges UNKNOWN without a network call of its own. It neither
 * migrates the schema nor writes the cache: both belong to the sink.
 */
public final class LedgerPositions implements PositionLedger, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerPositions.class);
    /** Seeding reads waiting for a thread; more than this and a read fails at once (the intent is held and retried). */
    private static final int MAX_QUEUED_READS = 1_000;

    private final TradeosConfig config;
    private final Database database;
    private final PositionCache cache;
    private final PositionReader reader;
    private final ExecutorService reads;
    private final ScheduledExecutorService checks;
    private volatile boolean reachable = true;

    public LedgerPositions(TradeosConfig config) {
        this.config = config;
        long timeout = config.positions().ledgerTimeoutMs();
        this.database = new Database(config.postgres(), timeout, timeout, "tradeos-ledger-reader");
        this.cache = PositionCache.reader(config.redis());
        this.reader = new PositionReader(cache, database.jdbi());
        this.reads = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(MAX_QUEUED_READS),
                r -> daemon(r, "ledger-read"));
        this.checks = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "ledger-check"));
        checks.scheduleWithFixedDelay(this::check, 0, 1, TimeUnit.SECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void check() {
        boolean redis = cache.answers();
        boolean postgres = !redis && database.answers();
        boolean now = redis || postgres;
        if (now != reachable) {
            if (now) {
                LOG.info("ledger reachable again ({} answers)", redis ? "Redis" : "PostgreSQL");
            } else {
                LOG.warn("ledger unreachable: neither Redis nor PostgreSQL answered within {} ms; positions are UNKNOWN",
                        config.positions().ledgerTimeoutMs());
            }
        }
        reachable = now;
    }

    @Override
    public boolean reachable() {
        return reachable;
    }

    @Override
    public CompletableFuture<List<Position>> read(String instrument) {
        try {
            return CompletableFuture.supplyAsync(() -> reader.positions(instrument).orElseThrow(() ->
                    new IllegalStateException("neither Redis nor PostgreSQL answered within "
                            + config.positions().ledgerTimeoutMs() + " ms")), reads);
        } catch (RejectedExecutionException busy) {
            return CompletableFuture.failedFuture(new IllegalStateException("too many ledger reads waiting"));
        }
    }

    @Override
    public String describe() {
        return Redaction.url(config.postgres().url()) + " schema " + config.postgres().schema()
                + ", Redis " + Redaction.url(config.redis().uri());
    }

    /**
     * Null when the ledger the router is configured to read exists; otherwise one sentence naming what is
     * missing and how to fix it. Waits up to {@code patience} for PostgreSQL to answer.
     */
    public static String startupProblem(TradeosConfig config, Duration patience) {
        TradeosConfig.Postgres pg = config.postgres();
        long deadline = System.nanoTime() + patience.toNanos();
        RuntimeException last;
        try (Database db = new Database(pg, 1_000, 2_000, "tradeos-ledger-check")) {
            do {
                try {
                    boolean migrated = db.jdbi().withHandle(h -> h.createQuery("SELECT to_regclass(:table) IS NOT NULL")
                            .bind("table", pg.schema() + ".positions").mapTo(Boolean.class).one());
                    return migrated ? null : "the ledger schema `" + pg.schema() + "` at " + Redaction.url(pg.url())
                            + " has no positions table: start `tradeos sink` once, it migrates it"
                            + " (or set positions.ledger: false to run the router on its own record only)";
                } catch (RuntimeException e) {
                    last = e;
                }
            } while (System.nanoTime() < deadline && pause());
        }
        return "cannot reach the ledger's PostgreSQL at " + Redaction.url(pg.url()) + " within " + patience.toSeconds()
                + " s (" + Redaction.message(last) + "): start it or fix postgres.url"
                + " (or set positions.ledger: false to run the router on its own record only)";
    }

    private static boolean pause() {
        try {
            Thread.sleep(500);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
        reads.shutdownNow();
        cache.close();
        database.close();
    }
}
