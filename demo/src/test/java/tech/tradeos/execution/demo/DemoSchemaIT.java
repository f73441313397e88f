package tech.tradeos.execution.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.DriverManager;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;

/** The demo drops only a schema it created itself (on the machine's PostgreSQL, a schema of the test's own). */
class DemoSchemaIT {
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    @Test
    void aSchemaTheDemoDidNotCreateIsLeftAloneAndOneItCreatedIsReset() throws Exception {
        String schema = "not_the_demos_" + UUID.randomUUID().toString().substring(0, 8);
        TradeosConfig config = ConfigLoader.load(null, Map.of("TRADEOS_POSTGRES_URL", URL, "TRADEOS_POSTGRES_SCHEMA", schema));
        try (var c = DriverManager.getConnection(URL, "postgres", ""); var st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
            st.execute("CREATE TABLE " + schema + ".precious (id int)");
            try {
                assertThatThrownBy(() -> DemoCommand.resetDemoSchema(config))
                        .hasMessageContaining("exists and was not created by the demo");
                var rs = st.executeQuery("SELECT to_regclass('" + schema + ".precious') IS NOT NULL");
                rs.next();
                assertThat(rs.getBoolean(1)).as("the table survives").isTrue();
            } finally {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }

            DemoCommand.resetDemoSchema(config); // absent: created and marked
            st.execute("CREATE TABLE " + schema + ".scratch (id int)");
            DemoCommand.resetDemoSchema(config); // the demo's own: reset
            var rs = st.executeQuery("SELECT to_regclass('" + schema + ".scratch') IS NULL");
            rs.next();
            assertThat(rs.getBoolean(1)).as("the demo's own schema was reset").isTrue();
            st.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
