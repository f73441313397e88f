package tech.tradeos.execution.sink;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import tech.tradeos.execution.model.config.TradeosConfig;

/** The sink's PostgreSQL: a small pool, the schema migrated by Flyway at start, and Jdbi on top. */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    /** The sink's pool: a call waits up to 5 s for a connection; a statement may run 30 s, a socket read 60 s. */
    public Database(TradeosConfig.Postgres config) {
        this(config, 5_000, 30_000, "tradeos-sink");
    }

    /**
     * {@code connectionTimeoutMs}: how long a call waits for a connection before it fails (PostgreSQL down);
     * {@code queryTimeoutMs}: the statement timeout, and (rounded up to seconds, plus one) the socket and
     * login timeouts, so a database that accepts and never answers cannot hold a caller longer.
     */
    public Database(TradeosConfig.Postgres config, long connectionTimeoutMs, long queryTimeoutMs, String poolName) {
        HikariConfig hikari = new HikariConfig();
        int seconds = (int) Math.max(1, (queryTimeoutMs + 999) / 1000);
        hikari.addDataSourceProperty("connectTimeout", seconds);
        hikari.addDataSourceProperty("loginTimeout", seconds);
        hikari.addDataSourceProperty("socketTimeout", seconds + 1);
        hikari.addDataSourceProperty("options", "-c statement_timeout=" + queryTimeoutMs);
        hikari.setJdbcUrl(config.url());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setSchema(config.schema());
        hikari.setMaximumPoolSize(4);
        hikari.setConnectionTimeout(connectionTimeoutMs);
        hikari.setInitializationFailTimeout(-1); // start even while PostgreSQL is down; calls fail until it is back
        hikari.setPoolName(poolName);
        dataSource = new HikariDataSource(hikari);
        jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
    }

    /** Creates the schema if needed and applies the versioned migrations in {@code db/migration}. */
    public Database migrate(TradeosConfig.Postgres config) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(config.schema())
                .createSchemas(true)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return this;
    }

    /** Whether PostgreSQL answers a {@code SELECT 1} within the pool's timeouts. */
    public boolean answers() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException down) {
            return false;
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
