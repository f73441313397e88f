package tech.tradeos.execution.sink;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.position.Position;
import tech.tradeos.execution.model.position.PositionStatus;

/**
 * How the trade path reads a position (docs/README.md §Positions): Redis first; PostgreSQL on a miss or when Redis does
 * not answer; UNKNOWN when neither answers (and UNKNOWN counts as open).
 */
public final class PositionReader {
    private static final Logger LOG = LoggerFactory.getLogger(PositionReader.class);

    public enum Source { REDIS, POSTGRES, NONE }

    /** A position and where it was read; {@code position} is flat when nothing is recorded. */
    public record Read(Position position, Source source) {
        public PositionStatus status() {
            return source == Source.NONE ? PositionStatus.UNKNOWN : position.status();
        }
    }

    /** After PostgreSQL failed, it is not asked again for this long: the stream thread is not held up call after call. */
    private static final long DATABASE_BACKOFF_MS = 1_000;

    private final PositionCache cache;
    private final Jdbi jdbi;
    private volatile long databaseDownUntil;

    public PositionReader(PositionCache cache, Jdbi jdbi) {
        this.cache = cache;
        this.jdbi = jdbi;
    }

    /** Every venue's position of the instrument; empty when neither Redis nor PostgreSQL answers (UNKNOWN). */
    public Optional<List<Position>> positions(String instrument) {
        if (cache != null && cache.loaded()) {
            try {
                return Optional.of(cache.readAll(instrument));
            } catch (RuntimeException down) {
                LOG.debug("Redis did not answer for {}: {}", instrument, down.toString());
            }
        }
        if (System.currentTimeMillis() < databaseDownUntil) {
            return Optional.empty();
        }
        try {
            return Optional.of(jdbi.withExtension(PositionDao.class, d -> d.ofInstrument(instrument)));
        } catch (RuntimeException down) {
            databaseDownUntil = System.currentTimeMillis() + DATABASE_BACKOFF_MS;
            LOG.warn("neither Redis nor PostgreSQL answered for {}: {}", instrument, down.toString());
            return Optional.empty();
        }
    }

    public Read read(String instrument, String venue) {
        if (cache != null && cache.loaded()) {
            try {
                Optional<Position> cached = cache.read(instrument, venue);
                if (cached.isPresent()) {
                    return new Read(cached.get(), Source.REDIS);
                }
            } catch (RuntimeException down) {
                LOG.debug("Redis did not answer for {} {}: {}", instrument, venue, down.toString());
            }
        }
        try {
            Position p = jdbi.withExtension(PositionDao.class, d -> d.find(instrument, venue))
                    .orElseGet(() -> Position.flat(instrument, venue));
            return new Read(p, Source.POSTGRES);
        } catch (RuntimeException down) {
            LOG.warn("neither Redis nor PostgreSQL answered for {} {}: {}", instrument, venue, down.toString());
            return new Read(Position.flat(instrument, venue), Source.NONE);
        }
    }
}
