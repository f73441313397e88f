package tech.tradeos.execution.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tech.tradeos.execution.embedded.EmbeddedKafka;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.sink.Database;
import tech.tradeos.execution.testkit.Await;
import tech.tradeos.execution.testkit.KafkaBroker;
import tech.tradeos.execution.testkit.RedisServer;

/**
 * What docker-compose.yml starts, run as processes here (there is no Docker engine on this machine): the
 * image's ENTRYPOINT with each service's command and environment — the hosts and host ports swapped for this
 * machine's broker, PostgreSQL and Redis — until the service's own compose healthcheck passes, and with the
 * demo profile's simulator the router routes. What is not covered: the image build and the container network.
 */
class ComposeStartIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("..").normalize();
    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();
    private final List<Process> processes = new ArrayList<>();
    private String schema;

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (schema != null) {
            try (Database db = new Database(tech.tradeos.execution.model.config.ConfigLoader.load(null, Map.of(
                    "TRADEOS_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test", "TRADEOS_POSTGRES_SCHEMA", schema)).postgres())) {
                db.jdbi().useHandle(h -> h.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
            }
        }
    }

    @Test
    void theSinkAndARouterStartFromTheComposeFilesCommandsAndPassTheirOwnHealthchecks() throws Exception {
        JsonNode services = new YAMLMapper().valueToTree(new org.yaml.snakeyaml.Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml"))))
                .get("services");
        List<String> entrypoint = entrypoint(Files.readString(ROOT.resolve("Dockerfile")));
        Path jar = ROOT.resolve("app/target/tradeos.jar");
        assertThat(jar).as("mvn package builds it before the integration tests").exists();
        schema = "compose_" + UUID.randomUUID().toString().substring(0, 8).replace('-', '_');
        try (RedisServer redis = new RedisServer()) {
            for (String name : List.of("sink", "router-1", "simulator")) {
                JsonNode service = services.get(name);
                int port = EmbeddedKafka.freePort();
                Map<String, String> env = new HashMap<>();
                service.get("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
                env.put("TRADEOS_HTTP_TOKEN", "compose-test-token-0123456789");
                env.put("TRADEOS_KAFKA_BOOTSTRAP_SERVERS", BROKER.bootstrapServers());
                env.put("TRADEOS_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
                env.put("TRADEOS_POSTGRES_USER", "postgres");
                env.put("TRADEOS_POSTGRES_PASSWORD", "");
                env.put("TRADEOS_POSTGRES_SCHEMA", schema);
                env.put("TRADEOS_REDIS_URI", redis.uri());
                env.put("TRADEOS_KAFKA_STATE_DIR", Files.createTempDirectory("compose-state").toString()); // the image's ENV
                env.put("TRADEOS_HTTP_BIND", "0.0.0.0"); // the image's ENV
                String containerPort = name.equals("sink") ? env.get("TRADEOS_SINK_HTTP_PORT") : env.get("TRADEOS_HTTP_PORT");
                env.put(name.equals("sink") ? "TRADEOS_SINK_HTTP_PORT" : "TRADEOS_HTTP_PORT", Integer.toString(port));
                if (env.containsKey("TRADEOS_HTTP_ADVERTISED_HOST")) {
                    env.put("TRADEOS_HTTP_ADVERTISED_HOST", "127.0.0.1");
                }
                List<String> command = new ArrayList<>(entrypoint);
                command.replaceAll(a -> a.equals("/opt/tradeos/tradeos.jar") ? jar.toString() : a);
                service.get("command").forEach(c -> command.add(c.asText()));
                Path log = Files.createTempFile(name, ".log");
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                pb.environment().keySet().removeIf(k -> k.startsWith("TRADEOS_"));
                pb.environment().putAll(env);
                processes.add(pb.start());

                if (service.has("healthcheck")) {
                    String check = service.get("healthcheck").get("test").get(1).asText().replace("/" + containerPort + " ", "/" + port + " ");
                    Await.until(Duration.ofSeconds(90), () -> healthy(check));
                }
                assertThat(processes.get(processes.size() - 1).isAlive()).as(name + " runs: " + Files.readString(log)).isTrue();
            }
            // the demo profile's simulator gives the stack something to route
            assertThat(BROKER.client().readUntil("execution.orders.routed", Duration.ofSeconds(90), seen -> !seen.isEmpty()))
                    .as("orders routed from the simulated market and intents").isNotEmpty();
        }
    }

    /** The compose healthcheck's shell command, run here: exit 0 within 5 s. */
    private static boolean healthy(String check) {
        try {
            Process p = new ProcessBuilder("sh", "-c", check).redirectErrorStream(true).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception notYet) {
            return false;
        }
    }

    /** The Dockerfile's ENTRYPOINT, exec form. */
    private static List<String> entrypoint(String dockerfile) throws Exception {
        String line = dockerfile.lines().filter(l -> l.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
        List<String> out = new ArrayList<>();
        Json.tree(line.substring("ENTRYPOINT".length()).trim()).forEach(n -> out.add(n.asText()));
        return out;
    }
}
