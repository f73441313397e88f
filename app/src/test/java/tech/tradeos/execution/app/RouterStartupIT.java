package tech.tradeos.execution.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tech.tradeos.execution.embedded.EmbeddedKafka;
import tech.tradeos.execution.testkit.KafkaBroker;

/**
 * {@code tradeos router} as an operator starts it: against a closed broker port, and against a database
 * without the ledger, it exits within 30 s with one sentence naming what is missing and how to fix it.
 */
class RouterStartupIT {
    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    private record Exit(int code, String stderr, Duration took) {
    }

    @Test
    void aClosedBrokerPortEndsStartupWithOneSentence() throws Exception {
        int closed = EmbeddedKafka.freePort();
        Exit exit = router(Map.of("TRADEOS_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + closed));
        assertThat(exit.code()).isEqualTo(Tradeos.EXIT_UNAVAILABLE);
        assertThat(exit.stderr()).contains("tradeos router: cannot reach Kafka at 127.0.0.1:" + closed)
                .contains("fix kafka.bootstrap-servers");
        assertThat(exit.took()).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aDatabaseWithoutTheLedgerEndsStartupWithOneSentence() throws Exception {
        String schema = "nol_" + UUID.randomUUID().toString().substring(0, 8);
        Exit exit = router(Map.of("TRADEOS_KAFKA_BOOTSTRAP_SERVERS", BROKER.bootstrapServers(),
                "TRADEOS_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test",
                "TRADEOS_POSTGRES_PASSWORD", "s3cret-never-printed",
                "TRADEOS_POSTGRES_SCHEMA", schema));
        assertThat(exit.code()).isEqualTo(Tradeos.EXIT_UNAVAILABLE);
        assertThat(exit.stderr()).contains("the ledger schema `" + schema + "`")
                .contains("has no positions table: start `tradeos sink` once, it migrates it")
                .doesNotContain("s3cret-never-printed");
        assertThat(exit.took()).isLessThan(Duration.ofSeconds(30));
    }

    private static Exit router(Map<String, String> env) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path err = Files.createTempFile("router", ".err");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Tradeos.class.getName(), "router"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().keySet().removeIf(k -> k.startsWith("TRADEOS_"));
        pb.environment().putAll(env);
        pb.environment().put("TRADEOS_KAFKA_STATE_DIR", Files.createTempDirectory("state").toString());
        pb.environment().put("TRADEOS_HTTP_PORT", Integer.toString(EmbeddedKafka.freePort()));
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tradeos router did not exit within 60 s; stderr: " + Files.readString(err));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new Exit(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8), took);
    }
}
