package tech.tradeos.execution.sink;

import java.util.Map;
import java.util.UUID;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;

/** The machine's PostgreSQL (database {@code test}) with a schema of the test's own, dropped afterwards. */
final class TestDatabase implements AutoCloseable {
    final TradeosConfig config;
    final Database database;

    TestDatabase() {
        this(Map.of());
    }

    TestDatabase(Map<String, String> extraEnv) {
        String schema = "sink_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "TRADEOS_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test",
                "TRADEOS_POSTGRES_SCHEMA", schema));
        env.putAll(extraEnv);
        config = ConfigLoader.load(null, env);
        database = new Database(config.postgres()).migrate(config.postgres());
    }

    @Override
    public void close() {
        database.jdbi().useHandle(h -> h.execute("DROP SCHEMA IF EXISTS " + config.postgres().schema() + " CASCADE"));
        database.close();
    }
}
