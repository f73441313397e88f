package tech.tradeos.execution.sink;

import java.util.List;
import java.util.Optional;
import tech.tradeos.execution.model.Position;
import tech.tradeos.execution.model.PositionLookup;
import tech.tradeos.execution.model.config.TradeosConfig;

/**
 * The positions as another process (the router) reads them: Redis read-only, PostgreSQL behind it.
 * It neither migrates the schema nor writes the cache: both belong to the sink.
 */
public final class LedgerPositions implements PositionLookup, AutoCloseable {
    private final Database database;
    private final PositionCache cache;
    private final PositionReader reader;

    public LedgerPositions(TradeosConfig config) {
        // the trade path must not stall on a dead database: a short wait, then UNKNOWN
        this.database = new Database(config.postgres(), 1_000);
        this.cache = PositionCache.reader(config.redis());
        this.reader = new PositionReader(cache, database.jdbi());
    }

    @Override
    public Optional<List<Position>> positions(String instrument) {
        return reader.positions(instrument);
    }

    @Override
    public void close() {
        cache.close();
        database.close();
    }
}
