package tech.tradeos.execution.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;
import tech.tradeos.execution.embedded.EmbeddedKafka;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.position.PositionLedger;
import tech.tradeos.execution.testkit.Await;
import tech.tradeos.execution.testkit.KafkaBroker;
import tech.tradeos.execution.topology.RouterService;

/**
 * A transaction left open on the intents topic stops every read_committed reader behind it: the router
 * says so on /health (503, stuckPartitions) and in its metrics, and {@code tradeos transactions --abort}
 * finds it and writes its abort marker, after which the intent waiting behind it is routed.
 */
class HangingTransactionIT {
    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aTransactionLeftOpenIsShownInHealthAndAbortedByTheCommand() throws Exception {
        int port = EmbeddedKafka.freePort();
        Path dir = Files.createTempDirectory("hanging");
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, """
                kafka:
                  bootstrap-servers: %s
                  application-id: hanging-router
                  partitions: 1
                  state-dir: %s
                  hanging-transaction-ms: 2000
                http: {port: %d}
                positions: {ledger: false}
                topics:
                  intents-approved: hanging.intents
                  orderbook: hanging.orderbook
                  funding: hanging.funding
                  orders-routed: hanging.orders
                  intents-rejected: hanging.rejected
                  fills: hanging.fills
                  tca: hanging.tca
                  dlq: hanging.dlq
                """.formatted(BROKER.bootstrapServers(), dir.resolve("state"), port));
        TradeosConfig config = ConfigLoader.load(file, Map.of());
        try (RouterService router = new RouterService(config, PositionLedger.NONE).start();
             KafkaProducer<String, String> upstream = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
                     ProducerConfig.TRANSACTIONAL_ID_CONFIG, "upstream-risk-1",
                     ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 600_000), new StringSerializer(), new StringSerializer())) {
            Await.until(Duration.ofSeconds(60), () -> router.streams().state() == KafkaStreams.State.RUNNING);
            Instant now = Instant.now();
            BROKER.client().send("hanging.orderbook", "BTC-USD", """
                    {"venue":"KRAKEN_SPOT","instrument":"BTC-USD","timestamp":"%s","sequence":1,
                     "bids":[["99","10"]],"asks":[["100","10"]]}""".formatted(now));
            // an upstream producer opens a transaction on the intents topic and never ends it
            upstream.initTransactions();
            upstream.beginTransaction();
            upstream.send(new ProducerRecord<>("hanging.intents", "never", intent("never-committed"))).get();
            upstream.flush();
            BROKER.client().send("hanging.intents", "after", intent("after-it"));

            Await.until(Duration.ofSeconds(60), () -> health(port).statusCode() == 503);
            JsonNode body = Json.tree(health(port).body());
            assertThat(body.get("state").asText()).isEqualTo("RUNNING");
            assertThat(body.get("stuckPartitions").toString()).contains("hanging.intents");
            assertThat(metric(port, "tradeos_kafka_partitions_stuck")).isEqualTo(1);
            assertThat(BROKER.client().readUntil("hanging.orders", Duration.ofSeconds(1), s -> !s.isEmpty()))
                    .as("the intent behind the open transaction waits").isEmpty();

            Run listed = transactions(file, "--older-than", "PT1S");
            assertThat(listed.code()).as(listed.out()).isZero(); // OPEN: its coordinator still tracks it
            assertThat(listed.out()).contains("OPEN").contains("hanging.intents-0").contains("upstream-risk-1")
                    .doesNotContain("aborting");

            Run aborted = transactions(file, "--older-than", "PT1S", "--abort", "--force");
            assertThat(aborted.code()).as(aborted.out()).isZero();
            assertThat(aborted.out()).contains("hanging.intents-0").contains("-> aborting");

            List<ConsumerRecord<String, String>> orders = BROKER.client().readUntil("hanging.orders", Duration.ofSeconds(60),
                    s -> !s.isEmpty());
            assertThat(orders).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo("after-it"));
            Await.until(Duration.ofSeconds(60), () -> health(port).statusCode() == 200);
            assertThat(transactions(file, "--older-than", "PT1S").out()).contains("no transaction open longer than PT1S");
        }
    }

    private record Run(int code, String out) {
    }

    private static Run transactions(Path config, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cmd = Tradeos.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(out));
        String[] all = new String[args.length + 3];
        all[0] = "transactions";
        all[1] = "--config";
        all[2] = config.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        int code = cmd.execute(all);
        return new Run(code, out.toString());
    }

    private static String intent(String id) {
        return """
                {"intentId":"%s","instrument":"BTC-USD","direction":"LONG","action":"OPEN","quantity":"1",
                 "signalType":"momentum","createdAt":"%s"}""".formatted(id, Instant.now());
    }

    private HttpResponse<String> health(int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private double metric(int port, String name) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(name)).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
