package tech.tradeos.execution.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;

/**
 * docker-compose.yml and the Dockerfile cannot run here (no Docker engine): this checks what can be
 * checked — the services, and that every TRADEOS_* variable they set is a real config key that loads.
 */
class DeploymentFilesTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("..").normalize();

    @Test
    void composeRunsKafkaPostgresRedisTwoRoutersAndTheSinkWithValidConfig() throws Exception {
        // SnakeYAML (under Jackson's YAML module) resolves the compose file's anchors and merge keys
        Object loaded = new org.yaml.snakeyaml.Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        JsonNode compose = new YAMLMapper().valueToTree(loaded);
        JsonNode services = compose.get("services");
        assertThat(services.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("kafka", "postgres", "redis", "sink", "router-1", "router-2");
        for (String app : new String[]{"sink", "router-1", "router-2"}) {
            JsonNode service = services.get(app);
            assertThat(service.get("build").asText()).isEqualTo(".");
            Map<String, String> env = new HashMap<>();
            service.get("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            assertThat(env.get("TRADEOS_HTTP_TOKEN")).as(app + ": bound beyond loopback, the ops endpoints need a token")
                    .startsWith("${TRADEOS_OPS_TOKEN:?");
            assertThat(ConfigLoader.unknownVariables(env)).as(app + " sets only real config keys").isEmpty();
            TradeosConfig config = ConfigLoader.load(null, env);
            assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka:9092");
            assertThat(config.http().bind()).isEqualTo("0.0.0.0");
            assertThat(config.postgres().url()).isEqualTo("jdbc:postgresql://postgres:5432/tradeos");
        }
        assertThat(services.get("router-1").get("environment").get("TRADEOS_HTTP_ADVERTISED_HOST").asText()).isEqualTo("router-1");
        assertThat(services.get("router-2").get("command").get(0).asText()).isEqualTo("router");
        assertThat(services.get("sink").get("command").get(0).asText()).isEqualTo("sink");
    }

    @Test
    void theImageRunsTheJarTheTradeosScriptRuns() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        String script = Files.readString(ROOT.resolve("tradeos"));
        assertThat(script).contains("app/target/tradeos.jar");
        assertThat(dockerfile).contains("/src/app/target/tradeos.jar").contains("ENTRYPOINT").contains("-pl app -am");
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        java.util.List<String> modules = java.util.regex.Pattern.compile("<module>([^<]+)</module>").matcher(pom).results()
                .map(m -> m.group(1)).toList();
        assertThat(modules).contains("model", "topology", "sink", "app", "demo", "testkit");
        for (String module : modules) {
            assertThat(dockerfile).as("the image builds module " + module).contains("COPY " + module + " " + module);
        }
    }
}
