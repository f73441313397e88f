package tech.tradeos.execution.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;
import tech.tradeos.execution.embedded.EmbeddedKafka;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.position.PositionLedger;
import tech.tradeos.execution.testkit.Await;
import tech.tradeos.execution.testkit.KafkaBroker;
import tech.tradeos.execution.topology.RouterService;

/**
 * Two router instances on a real broker: a halt written with {@code tradeos control} reaches both within one
 * second and stops routing on every partition; a resume restores it.
 */
class OperatorControlIT {
    private static final List<String> INSTRUMENTS = List.of("BTC-USD", "ETH-USD", "SOL-USD");
    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();
    private final HttpClient http = HttpClient.newHttpClient();

    private static Path config(int port) throws Exception {
        Path dir = Files.createTempDirectory("control");
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, """
                kafka:
                  bootstrap-servers: %s
                  application-id: control-router
                  partitions: 3
                  state-dir: %s
                  properties:
                    consumer.session.timeout.ms: "6000"
                    consumer.heartbeat.interval.ms: "1000"
                http: {port: %d}
                positions: {ledger: false}
                routing: {staleness-ms: 3600000}
                topics:
                  intents-approved: control.intents
                  orderbook: control.orderbook
                  funding: control.funding
                  orders-routed: control.orders
                  intents-rejected: control.rejected
                  fills: control.fills
                  tca: control.tca
                  dlq: control.dlq
                  orders-updates: control.updates
                  control: control.control
                """.formatted(BROKER.bootstrapServers(), dir.resolve("state"), port));
        return file;
    }

    @Test
    void aHaltFromTheCommandLineStopsBothInstancesWithinASecondAndAResumeRestoresRouting() throws Exception {
        int portA = EmbeddedKafka.freePort();
        int portB = EmbeddedKafka.freePort();
        Path fileA = config(portA);
        try (RouterService a = new RouterService(ConfigLoader.load(fileA, Map.of()), PositionLedger.NONE).start();
             RouterService b = new RouterService(ConfigLoader.load(config(portB), Map.of()), PositionLedger.NONE).start()) {
            Await.until(Duration.ofSeconds(60), () -> a.streams().state() == KafkaStreams.State.RUNNING
                    && b.streams().state() == KafkaStreams.State.RUNNING
                    && a.streams().metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum() > 0
                    && b.streams().metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum() > 0);
            Instant now = Instant.now();
            for (String instrument : INSTRUMENTS) {
                BROKER.client().send("control.orderbook", instrument, """
                        {"venue":"KRAKEN_SPOT","instrument":"%s","timestamp":"%s","sequence":1,
                         "bids":[["99","100"]],"asks":[["100","100"]]}""".formatted(instrument, now));
            }

            long sent = System.nanoTime();
            Run halt = control(fileA, "halt", "--by", "ops-oncall", "--reason", "exchange incident");
            assertThat(halt.code()).as(halt.out()).isZero();
            Await.until(Duration.ofSeconds(1), () -> halted(portA) && halted(portB));
            long tookMs = (System.nanoTime() - sent) / 1_000_000;
            System.out.println("halt visible on both instances after " + tookMs + " ms (including the command's own start)");

            for (int i = 0; i < INSTRUMENTS.size(); i++) {
                BROKER.client().send("control.intents", "h-" + i, intent("h-" + i, INSTRUMENTS.get(i)));
            }
            List<ConsumerRecord<String, String>> rejected = BROKER.client().readUntil("control.rejected", Duration.ofSeconds(30),
                    s -> s.size() >= INSTRUMENTS.size());
            assertThat(rejected).hasSize(INSTRUMENTS.size()).allSatisfy(r -> {
                JsonNode rejection = Json.tree(r.value());
                assertThat(rejection.get("reason").asText()).isEqualTo("HALTED");
                assertThat(rejection.get("detail").asText()).contains("ops-oncall").contains("exchange incident");
            });

            assertThat(control(fileA, "resume", "--by", "ops-oncall", "--reason", "all clear").code()).isZero();
            Await.until(Duration.ofSeconds(1), () -> !halted(portA) && !halted(portB));
            for (int i = 0; i < INSTRUMENTS.size(); i++) {
                BROKER.client().send("control.intents", "r-" + i, intent("r-" + i, INSTRUMENTS.get(i)));
            }
            assertThat(BROKER.client().readUntil("control.orders", Duration.ofSeconds(30), s -> s.size() >= INSTRUMENTS.size()))
                    .extracting(ConsumerRecord::key).containsExactlyInAnyOrder("r-0", "r-1", "r-2");

            Run bad = control(fileA, "fee", "--venue", "NOWHERE", "--bps", "10", "--by", "x", "--reason", "y");
            assertThat(bad.code()).isEqualTo(Tradeos.EXIT_USAGE);
            assertThat(bad.out()).contains("unknown venue NOWHERE");
        }
    }

    private boolean halted(int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/control")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && Json.tree(r.body()).get("halted").asBoolean();
        } catch (Exception notYet) {
            return false;
        }
    }

    private static String intent(String id, String instrument) {
        return """
                {"intentId":"%s","instrument":"%s","direction":"LONG","action":"OPEN","quantity":"1","market":"SPOT",
                 "signalType":"momentum","createdAt":"%s"}""".formatted(id, instrument, Instant.now());
    }

    private record Run(int code, String out) {
    }

    private static Run control(Path config, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cmd = Tradeos.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(out));
        String[] all = new String[args.length + 3];
        all[0] = "control";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--config";
        all[args.length + 2] = config.toString();
        return new Run(cmd.execute(all), out.toString());
    }
}
