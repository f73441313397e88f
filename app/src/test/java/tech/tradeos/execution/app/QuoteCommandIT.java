package tech.tradeos.execution.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tradeos.execution.model.json.Json;

/** {@code ./tradeos quote} as a user runs it: a process, real files, stdout, stderr and the exit code. */
class QuoteCommandIT {
    private static final Path ROOT = Path.of(System.getProperty("tradeos.root", "..")).toAbsolutePath().normalize();
    private static final Path EXAMPLES = ROOT.resolve("examples");

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return Json.tree(out);
        }
    }

    @Test
    void theReadmeExampleRoutesToKrakenSpot() throws Exception {
        Run run = quote(Map.of(), "--config", EXAMPLES.resolve("config.yaml"), "--books", EXAMPLES.resolve("books.jsonl"),
                "--funding", EXAMPLES.resolve("funding.jsonl"), "--intent", EXAMPLES.resolve("intent.json"));
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode order = run.json();
        assertThat(order.get("venue").asText()).isEqualTo("KRAKEN_SPOT");
        assertThat(order.get("decision").asText()).isEqualTo("BEST_COST");
        assertThat(order.get("totalCost").asText()).isEqualTo("33634.36144");
        assertThat(order.get("expectedPrice").asText()).isEqualTo("67000.72");
        assertThat(order.get("candidates")).hasSize(8);
        assertThat(order.get("orderId").asText()).startsWith("ord-");
    }

    @Test
    void theEnvironmentOverridesTheConfigFile() throws Exception {
        Run run = quote(Map.of("TRADEOS_REGION", "GLOBAL"), "--config", EXAMPLES.resolve("config.yaml"),
                "--books", EXAMPLES.resolve("books.jsonl"), "--funding", EXAMPLES.resolve("funding.jsonl"),
                "--intent", EXAMPLES.resolve("intent.json"));
        assertThat(run.exit()).as(run.err()).isZero();
        // Binance Spot (10 bps, ask 66960.5) is allowed in GLOBAL and cheapest: 33480.25 + 33.48025
        assertThat(run.json().get("venue").asText()).isEqualTo("BINANCE_SPOT");
        assertThat(run.json().get("totalCost").asText()).isEqualTo("33513.73025");
    }

    @Test
    void anInvalidIntentIsARejectionWithExitTwo() throws Exception {
        Path intent = write("intent.json", Files.readString(EXAMPLES.resolve("intent.json")).replace("\"0.5\"", "\"-2\""));
        Run run = quote(Map.of(), "--books", EXAMPLES.resolve("books.jsonl"), "--intent", intent);
        assertThat(run.exit()).isEqualTo(2);
        JsonNode rejection = run.json();
        assertThat(rejection.get("reason").asText()).isEqualTo("INVALID_INTENT");
        assertThat(rejection.get("detail").asText()).isEqualTo("quantity must be > 0, got -2");
        assertThat(rejection.get("intentId").asText()).isEqualTo("i-42");
        assertThat(rejection.get("intent").get("quantity").asText()).isEqualTo("-2");
    }

    @Test
    void aCloseIntentIsNotQuotedOffline() throws Exception {
        Path intent = write("intent.json", Files.readString(EXAMPLES.resolve("intent.json")).replace("\"OPEN\"", "\"CLOSE\""));
        Run run = quote(Map.of(), "--books", EXAMPLES.resolve("books.jsonl"), "--intent", intent);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.json().get("reason").asText()).isEqualTo("INVALID_INTENT");
        assertThat(run.json().get("detail").asText()).contains("OPEN intents only");
    }

    @Test
    void anUnknownInstrumentOrNoBooksAreRejections() throws Exception {
        Path doge = write("doge.json", Files.readString(EXAMPLES.resolve("intent.json")).replace("BTC-USD", "DOGE-USD"));
        Run unknown = quote(Map.of(), "--books", EXAMPLES.resolve("books.jsonl"), "--intent", doge);
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.json().get("reason").asText()).isEqualTo("UNKNOWN_INSTRUMENT");

        Run noData = quote(Map.of(), "--intent", EXAMPLES.resolve("intent.json"));
        assertThat(noData.exit()).isEqualTo(2);
        assertThat(noData.json().get("reason").asText()).isEqualTo("NO_MARKET_DATA");
    }

    @Test
    void malformedJsonIsRefusedNamingTheFileAndLine() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(EXAMPLES.resolve("books.jsonl")));
        lines.set(2, "{\"venue\":\"COINBASE\",");
        Path books = write("books.jsonl", String.join("\n", lines));
        Run run = quote(Map.of(), "--books", books, "--intent", EXAMPLES.resolve("intent.json"));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(books + ":3: invalid BookSnapshot: malformed JSON");

        Path intent = write("broken.json", "{\"intentId\": ");
        Run broken = quote(Map.of(), "--intent", intent);
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.err()).contains(intent.toString()).contains("malformed JSON");
    }

    @Test
    void anInvalidBookIsRefusedWithItsReason() throws Exception {
        Path books = write("books.jsonl", Files.readString(EXAMPLES.resolve("books.jsonl"))
                .replace("[[\"67000.4\",\"0.30\"]", "[[\"66000.4\",\"0.30\"]"));
        Run run = quote(Map.of(), "--books", books, "--intent", EXAMPLES.resolve("intent.json"));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains(books + ":2: invalid BookSnapshot: crossed book: best bid 67000.1 is not below best ask 66000.4");
    }

    @Test
    void missingFilesAndBadOptionsExitOne() throws Exception {
        Run missing = quote(Map.of(), "--intent", dir.resolve("nope.json"));
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("cannot read").contains("nope.json");

        Run noIntent = quote(Map.of(), "--books", EXAMPLES.resolve("books.jsonl"));
        assertThat(noIntent.exit()).isEqualTo(1);
        assertThat(noIntent.err()).contains("Missing required option: '--intent=<json>'");

        Run unknown = quote(Map.of(), "--intent", EXAMPLES.resolve("intent.json"), "--bogus");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("--bogus");

        Path badConfig = write("bad.yaml", "routing: {stalenes-ms: 1}");
        Run config = quote(Map.of(), "--config", badConfig, "--intent", EXAMPLES.resolve("intent.json"));
        assertThat(config.exit()).isEqualTo(1);
        assertThat(config.err()).contains("stalenes-ms");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static Run quote(Map<String, String> env, Object... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("tradeos").toString(), "quote"));
        for (Object a : args) {
            command.add(a.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("TRADEOS_"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile("quote", ".out");
        Path err = Files.createTempFile("quote", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = pb.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("tradeos quote finished").isTrue();
        Run run = new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return run;
    }
}
