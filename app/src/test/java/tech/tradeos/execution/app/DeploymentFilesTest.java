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
                .containsExactlyInAnyOrder("kafka", "postgres", "redis", "sink", "router-1", "router-2", "simulator",
                        "prometheus", "grafana");
        for (String monitoring : new String[]{"prometheus", "grafana"}) {
            assertThat(services.get(monitoring).get("profiles").get(0).asText()).as("optional").isEqualTo("monitoring");
            services.get(monitoring).get("volumes").forEach(v -> assertThat(ROOT.resolve(v.asText().split(":")[0]))
                    .as(monitoring + " mounts a file of the repository").exists());
        }
        JsonNode simulator = services.get("simulator");
        assertThat(simulator.get("profiles").get(0).asText()).as("optional").isEqualTo("demo");
        assertThat(simulator.get("command").get(0).asText()).isEqualTo("simulate");
        Map<String, String> simulatorEnv = new HashMap<>();
        simulator.get("environment").fields().forEachRemaining(e -> simulatorEnv.put(e.getKey(), e.getValue().asText()));
        assertThat(ConfigLoader.unknownVariables(simulatorEnv)).isEmpty();
        assertThat(Tradeos.commandLine().getSubcommands()).as("the image's jar has the command").containsKey("simulate");
        assertThat(services.get("sink").get("build").asText()).isEqualTo(".");
        for (String app : new String[]{"sink", "router-1", "router-2"}) {
            JsonNode service = services.get(app);
            assertThat(service.get("image").asText()).as(app + ": one image, built once").isEqualTo("tradeos-execution:local");
            assertThat(service.get("ports").get(0).asText()).as(app + ": published on the host's loopback").startsWith("127.0.0.1:");
            assertThat(service.get("healthcheck").get("test").toString()).as(app + ": readiness").contains("/health/ready");
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
        for (String dependency : new String[]{"kafka", "postgres", "redis"}) {
            assertThat(services.get(dependency).has("healthcheck")).as(dependency + " has a healthcheck").isTrue();
        }
        services.fields().forEachRemaining(service -> {
            JsonNode dependsOn = service.getValue().get("depends_on");
            if (dependsOn != null && !service.getKey().equals("grafana")) { // Prometheus has no healthcheck to wait for
                dependsOn.fields().forEachRemaining(d -> assertThat(d.getValue().get("condition").asText())
                        .as(service.getKey() + " waits for " + d.getKey() + " to be healthy").isEqualTo("service_healthy"));
            }
        });
        JsonNode kafka = services.get("kafka");
        String kafkaVersion = java.util.regex.Pattern.compile("<kafka.version>([^<]+)</kafka.version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml"))).results().findFirst().orElseThrow().group(1);
        assertThat(kafka.get("image").asText()).as("the broker the clients and tests use").isEqualTo("apache/kafka:" + kafkaVersion);
        assertThat(kafka.get("environment").get("KAFKA_LOG_DIRS").asText()).as("the log dirs on the mounted volume")
                .isEqualTo(kafka.get("volumes").get(0).asText().split(":")[1]);
    }

    @Test
    void theImageOwnsItsStateDirectoryAndTheBuildContextLeavesBuildsOut() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        String runtime = dockerfile.substring(dockerfile.lastIndexOf("FROM "));
        assertThat(runtime).contains("mkdir -p /var/lib/tradeos/state").contains("chown -R tradeos:tradeos /var/lib/tradeos");
        assertThat(runtime.indexOf("chown")).as("owned before the user switch").isLessThan(runtime.indexOf("USER tradeos"));
        assertThat(runtime).contains("TRADEOS_KAFKA_STATE_DIR=/var/lib/tradeos/state");
        assertThat(dockerfile.indexOf("dependency:go-offline")).as("a dependency layer before the sources")
                .isLessThan(dockerfile.indexOf("COPY model model"));
        assertThat(Files.readString(ROOT.resolve(".dockerignore"))).contains("**/target").contains(".git");
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
