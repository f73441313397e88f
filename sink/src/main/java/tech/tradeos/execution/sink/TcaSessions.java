package tech.tradeos.execution.sink;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import tech.tradeos.execution.model.config.TradeosConfig;

/**
 * TCA sessions (docs/README.md §TCA): a session counts what happened from its start, with its own starting equity.
 * The newest session is the current one; {@code tca.session} names one to create when the ledger does not know it,
 * and {@code POST /tca/sessions} starts a new one now.
 */
public final class TcaSessions {
    /** A session: its id, when it started, the equity it started with. */
    public record Session(String id, Instant startedAt, BigDecimal startingEquity) {
    }

    public interface Dao {
        record Row(String id, OffsetDateTime startedAt, BigDecimal startingEquity) {
            Session session() {
                return new Session(id, startedAt.toInstant(), startingEquity);
            }
        }

        @SqlQuery("SELECT id, started_at, starting_equity FROM tca_sessions ORDER BY started_at DESC, created_at DESC LIMIT 1")
        @RegisterConstructorMapper(Row.class)
        Optional<Row> newest();

        @SqlQuery("SELECT id, started_at, starting_equity FROM tca_sessions ORDER BY started_at DESC LIMIT 100")
        @RegisterConstructorMapper(Row.class)
        List<Row> recent();

        /** True when created; false when the id exists. */
        @SqlUpdate("""
                INSERT INTO tca_sessions (id, started_at, starting_equity) VALUES (:id, :startedAt, :startingEquity)
                ON CONFLICT (id) DO NOTHING
                """)
        boolean create(@Bind("id") String id, @Bind("startedAt") OffsetDateTime startedAt,
                       @Bind("startingEquity") BigDecimal startingEquity);
    }

    private final Jdbi jdbi;
    private final TradeosConfig.Tca config;
    private final Clock clock;

    public TcaSessions(Jdbi jdbi, TradeosConfig.Tca config, Clock clock) {
        this.jdbi = jdbi;
        this.config = config;
        this.clock = clock;
    }

    /**
     * The session the config names, created when the ledger does not know it; without one, a "default" session from
     * the beginning of time (so a ledger from before sessions keeps reporting all it holds) when the ledger has none.
     */
    public void ensureConfigured() {
        if (config.session() != null) {
            Instant start = (config.sessionStart() != null ? config.sessionStart() : clock.instant())
                    .truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            jdbi.useExtension(Dao.class, d -> d.create(config.session(), start.atOffset(ZoneOffset.UTC), config.startingEquity()));
        } else if (jdbi.withExtension(Dao.class, Dao::newest).isEmpty()) {
            jdbi.useExtension(Dao.class, d -> d.create("default", Instant.EPOCH.atOffset(ZoneOffset.UTC), config.startingEquity()));
        }
    }

    /** The current session: the newest. */
    public Session current() {
        return jdbi.withExtension(Dao.class, Dao::newest).map(Dao.Row::session)
                .orElse(new Session("default", Instant.EPOCH, config.startingEquity()));
    }

    public List<Session> recent() {
        return jdbi.withExtension(Dao.class, Dao::recent).stream().map(Dao.Row::session).toList();
    }

    /** Starts a session now; empty when {@code id} is taken. */
    public Optional<Session> start(String id, BigDecimal startingEquity) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // PostgreSQL's precision
        String name = id != null ? id : "s-" + now.toString().replace(":", "").replace("-", "");
        BigDecimal equity = startingEquity != null ? startingEquity : config.startingEquity();
        boolean created = jdbi.withExtension(Dao.class, d -> d.create(name, now.atOffset(ZoneOffset.UTC), equity));
        return created ? Optional.of(new Session(name, now, equity)) : Optional.empty();
    }
}
