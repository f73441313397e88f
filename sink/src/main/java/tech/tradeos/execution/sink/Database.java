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

    public Database(TradeosConfig.Postgres config) {
        this(config, 5_000);
    }

    /** {@code connectionTimeoutMs}: how long a call waits for a connection before it fails (PostgreSQL down). */
    public Database(TradeosConfig.Postgres config, long connectionTimeoutMs) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.url());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setSchema(config.schema());
        hikari.setMaximumPoolSize(4);
        hikari.setConnectionTimeout(connectionTimeoutMs);
        hikari.setInitializationFailTimeout(-1); // start even while PostgreSQL is down; calls fail until it is back
        hikari.setPoolName("tradeos-sink");
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

    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
