package tech.tradeos.execution.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A shell set up for production cannot point the demo at production. */
class DemoEnvironmentTest {
    @Test
    void takesWhereTheDatabasesAreAndWhatShapesRoutingButNothingOfADeployment() {
        DemoEnvironment.Taken taken = DemoEnvironment.from(Map.of(
                "TRADEOS_POSTGRES_URL", "jdbc:postgresql://db/prod",
                "TRADEOS_POSTGRES_SCHEMA", "tradeos",
                "TRADEOS_KAFKA_BOOTSTRAP_SERVERS", "kafka-prod:9092",
                "TRADEOS_TOPICS_FILLS", "prod.fills",
                "TRADEOS_REDIS_KEY_PREFIX", "tradeos:",
                "TRADEOS_VENUES_KRAKEN_SPOT_TAKER_FEE_BPS", "25",
                "TRADEOS_JAVA_OPTS", "-Xmx1g",
                "PATH", "/usr/bin"));
        assertThat(taken.env()).containsEntry("TRADEOS_POSTGRES_URL", "jdbc:postgresql://db/prod")
                .containsEntry("TRADEOS_VENUES_KRAKEN_SPOT_TAKER_FEE_BPS", "25")
                .containsEntry("TRADEOS_POSTGRES_SCHEMA", "tradeos_demo")
                .containsEntry("TRADEOS_REDIS_KEY_PREFIX", "tradeos-demo:")
                .doesNotContainKeys("TRADEOS_KAFKA_BOOTSTRAP_SERVERS", "TRADEOS_TOPICS_FILLS", "PATH", "TRADEOS_JAVA_OPTS");
        assertThat(taken.ignored()).containsExactly("TRADEOS_KAFKA_BOOTSTRAP_SERVERS", "TRADEOS_POSTGRES_SCHEMA",
                "TRADEOS_REDIS_KEY_PREFIX", "TRADEOS_TOPICS_FILLS");
    }

    @Test
    void theDemosOwnSchemaAndPrefixAreRenamedWithDemoVariables() {
        DemoEnvironment.Taken taken = DemoEnvironment.from(Map.of("TRADEOS_DEMO_POSTGRES_SCHEMA", "my_demo",
                "TRADEOS_DEMO_REDIS_KEY_PREFIX", "my-demo:"));
        assertThat(taken.env()).containsEntry("TRADEOS_POSTGRES_SCHEMA", "my_demo").containsEntry("TRADEOS_REDIS_KEY_PREFIX", "my-demo:");
        assertThat(taken.ignored()).isEmpty();
    }
}
