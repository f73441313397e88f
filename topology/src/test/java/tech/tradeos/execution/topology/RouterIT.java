package tech.tradeos.execution.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tech.tradeos.execution.embedded.EmbeddedKafka;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.topic.DeadLetters;
import tech.tradeos.execution.testkit.Await;
import tech.tradeos.execution.testkit.KafkaBroker;

/**
 * The router on a real KRaft broker: two instances share the work and answer queries for each other,
 * an instance killed with SIGKILL mid-stream loses and doubles nothing, and with inputs keyed by
 * instrument it routes without the repartition hop.
 */
class RouterIT {
    private static final List<String> INSTRUMENTS = List.of("BTC-USD", "ETH-USD", "SOL-USD");
    private static final List<String> VENUES = List.of("KRAKEN_SPOT", "COINBASE", "GEMINI");
    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();
    private final HttpClient http = HttpClient.newHttpClient();


    /** A config file for one instance: its own topics prefix, HTTP port and state dir. */
    private static Path configFile(String prefix, String appId, int httpPort) throws IOException {
        Path dir = Files.createTempDirectory("tradeos-router");
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, """
                kafka:
                  bootstrap-servers: %s
                  application-id: %s
                  partitions: 3
                  state-dir: %s
                  properties:
                    commit.interval.ms: "100"
                    consumer.session.timeout.ms: "6000"
                    consumer.heartbeat.interval.ms: "1000"
                    producer.transaction.timeout.ms: "10000"
                http: {port: %d}
                topics:
                  intents-approved: %s.intents
                  orderbook: %s.orderbook
                  funding: %s.funding
                  orders-routed: %s.orders
                  intents-rejected: %s.rejected
                  fills: %s.fills
                  dlq: %s.dlq
                """.formatted(BROKER.bootstrapServers(), appId, dir.resolve("state"), httpPort,
                prefix, prefix, prefix, prefix, prefix, prefix, prefix));
        return file;
    }

    /** A config for one instance whose producers key their inputs by instrument. */
    private static TradeosConfig keyedByInstrument(String prefix, String appId) throws IOException {
        Path file = configFile(prefix, appId, EmbeddedKafka.freePort());
        Files.writeString(file, Files.readString(file).replace("  partitions: 3\n",
                "  partitions: 3\n  inputs-keyed-by-instrument: true\n"));
        return load(file);
    }

    private static TradeosConfig load(Path file) {
        return ConfigLoader.load(file, Map.of());
    }

    private static void publishBooks(String prefix, Instant at) {
        for (String instrument : INSTRUMENTS) {
            int v = 0;
            for (String venue : VENUES) {
                String book = """
                        {"venue":"%s","instrument":"%s","timestamp":"%s","sequence":%d,
                         "bids":[["%d","50"]],"asks":[["%d","50"]]}""".formatted(venue, instrument, at, at.toEpochMilli(),
                        1000 - v, 1001 + v);
                BROKER.client().send(prefix + ".orderbook", UUID.randomUUID().toString(), book); // keys the router must not rely on
                v++;
            }
        }
    }

    private static String intent(String id, String instrument, Instant at) {
        return """
                {"intentId":"%s","instrument":"%s","direction":"LONG","action":"OPEN","quantity":"1",
                 "signalType":"momentum","expectedHoldHours":1,"createdAt":"%s"}""".formatted(id, instrument, at);
    }

    @Test
    void twoInstancesShareTheWorkAndAnswerForEachOther() throws Exception {
        String prefix = "share";
        int portA = EmbeddedKafka.freePort();
        int portB = EmbeddedKafka.freePort();
        try (RouterService a = new RouterService(load(configFile(prefix, "router-share", portA)));
             RouterService b = new RouterService(load(configFile(prefix, "router-share", portB)))) {
            a.start();
            b.start();
            Await.until(Duration.ofSeconds(60), () -> a.streams().state() == KafkaStreams.State.RUNNING
                    && b.streams().state() == KafkaStreams.State.RUNNING);
            Instant now = Instant.now();
            publishBooks(prefix, now);
            // books and intents travel different topics: let every venue's book be in before routing
            for (String instrument : INSTRUMENTS) {
                Await.until(Duration.ofSeconds(30), () -> marketVenues(portA, instrument) == VENUES.size());
            }
            int n = 30;
            for (int i = 0; i < n; i++) {
                BROKER.client().send(prefix + ".intents", "k" + (i % 4), intent("share-" + i, INSTRUMENTS.get(i % 3), Instant.now()));
            }
            BROKER.client().send(prefix + ".intents", "k0", intent("share-0", "BTC-USD", Instant.now())); // a replay

            List<ConsumerRecord<String, String>> orders = BROKER.client().readUntil(prefix + ".orders", Duration.ofSeconds(60),
                    seen -> seen.size() >= n);
            assertThat(orders).hasSize(n);
            assertThat(orders.stream().map(ConsumerRecord::key).distinct()).hasSize(n);
            assertThat(orders).allSatisfy(r -> assertThat(Json.tree(r.value()).get("venue").asText()).isEqualTo("KRAKEN_SPOT"));
            List<ConsumerRecord<String, String>> fills = BROKER.client().readUntil(prefix + ".fills", Duration.ofSeconds(30),
                    seen -> seen.size() >= n);
            assertThat(fills.stream().map(ConsumerRecord::key).distinct()).hasSize(n);

            assertThat(a.streams().metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum())
                    .as("instance A runs tasks").isPositive();
            assertThat(b.streams().metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum())
                    .as("instance B runs tasks").isPositive();

            for (String instrument : INSTRUMENTS) {
                JsonNode fromA = getJson(portA, "/market/" + instrument);
                JsonNode fromB = getJson(portB, "/market/" + instrument);
                assertThat(fromA.get("servedBy").asText()).isEqualTo(fromB.get("servedBy").asText());
                assertThat(fromA.get("venues")).hasSize(3);
                assertThat(fromA.get("venues").get(0).get("stale").asBoolean()).isFalse();
            }
            for (int i = 0; i < 3; i++) {
                assertThat(getJson(portA, "/decisions/share-" + i).get("order").get("intentId").asText()).isEqualTo("share-" + i);
                assertThat(getJson(portB, "/decisions/share-" + i).get("fill").get("venue").asText()).isEqualTo("KRAKEN_SPOT");
            }
            HttpResponse<String> quote = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portB + "/quote"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(intent("what-if", "ETH-USD", Instant.now()))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(quote.statusCode()).isEqualTo(200);
            assertThat(Json.tree(quote.body()).get("venue").asText()).isEqualTo("KRAKEN_SPOT");
            assertThat(get(portA, "/decisions/what-if").statusCode()).as("a quote changes nothing").isEqualTo(404);
            assertThat(get(portA, "/health").statusCode()).isEqualTo(200);
            String metrics = get(portA, "/metrics").body() + get(portB, "/metrics").body();
            assertThat(metrics).contains("tradeos_orders_routed_total", "tradeos_intents_duplicate_total", "kafka_stream");
        }
    }

    @Test
    void anInstanceKilledMidStreamLosesAndDoublesNothing() throws Exception {
        String prefix = "failover";
        int portA = EmbeddedKafka.freePort();
        Path configA = configFile(prefix, "router-failover", portA);
        Path configB = configFile(prefix, "router-failover", EmbeddedKafka.freePort());
        // the topics exist before either JVM starts, so both see the same partitions
        TopicProvisioner.ensureTopics(load(configA));
        Process a = startJvm(configA);
        Process b = startJvm(configB);
        try {
            int n = 120;
            Map<String, String> idsToInstrument = new HashMap<>();
            Instant start = Instant.now();
            publishBooks(prefix, start);
            // books and intents race through the instrument repartition from different source tasks, and an
            // intent that arrives before any book of its instrument is rightly NO_MARKET_DATA: start once they are in
            for (String instrument : INSTRUMENTS) {
                Await.until(Duration.ofSeconds(60), () -> marketVenues(portA, instrument) == VENUES.size());
            }
            for (int i = 0; i < n; i++) {
                if (i == n / 3) {
                    // wait until the first third is routed, then kill one instance without warning
                    assertThat(BROKER.client().readUntil(prefix + ".orders", Duration.ofSeconds(120), seen -> seen.size() >= n / 3))
                            .as("the first third routed before the kill").hasSizeGreaterThanOrEqualTo(n / 3);
                    assertThat(getJson(portA, "/health").get("activeTasks").asInt()).as("A does work before it dies").isPositive();
                    a.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
                String id = "fo-" + i;
                String instrument = INSTRUMENTS.get(i % 3);
                idsToInstrument.put(id, instrument);
                // fresh books keep every venue priceable while the survivor takes over
                if (i % 20 == 0) {
                    publishBooks(prefix, Instant.now());
                }
                BROKER.client().send(prefix + ".intents", id, intent(id, instrument, Instant.now()));
            }
            List<ConsumerRecord<String, String>> outcomes = new ArrayList<>();
            outcomes.addAll(BROKER.client().readUntil(prefix + ".orders", Duration.ofSeconds(120),
                    seen -> seen.stream().map(ConsumerRecord::key).distinct().count() >= n));
            Map<String, Long> ordersPerIntent = outcomes.stream()
                    .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
            assertThat(ordersPerIntent).as(() -> "every intent routed; rejected instead: "
                    + BROKER.client().readUntil(prefix + ".rejected", Duration.ofSeconds(5), seen -> false)
                    .stream().map(ConsumerRecord::value).toList()).hasSize(n);
            assertThat(ordersPerIntent.values()).as("exactly one order per intent").containsOnly(1L);

            List<ConsumerRecord<String, String>> fills = BROKER.client().readUntil(prefix + ".fills", Duration.ofSeconds(60),
                    seen -> seen.size() >= n);
            Map<String, Long> fillsPerOrder = fills.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
            assertThat(fillsPerOrder).hasSize(n);
            assertThat(fillsPerOrder.values()).as("exactly one fill per order").containsOnly(1L);
            assertThat(b.isAlive()).isTrue();
        } finally {
            a.destroyForcibly();
            b.destroy();
            b.waitFor(30, TimeUnit.SECONDS);
            b.destroyForcibly();
        }
    }

    @Test
    void byDefaultKeyedProducersTakeTheFastPathAndAnyOtherKeyIsStillRoutedOnce() throws Exception {
        String prefix = "mixed";
        int port = EmbeddedKafka.freePort();
        try (RouterService router = new RouterService(load(configFile(prefix, "router-mixed", port))).start()) {
            Await.until(Duration.ofSeconds(60), () -> router.streams().state() == KafkaStreams.State.RUNNING);
            Instant now = Instant.now();
            for (String instrument : INSTRUMENTS) {
                // one venue keyed by instrument (in place), one keyed otherwise (moved): both must be priced
                BROKER.client().send(prefix + ".orderbook", instrument, """
                        {"venue":"KRAKEN_SPOT","instrument":"%s","timestamp":"%s","sequence":1,
                         "bids":[["1000","50"]],"asks":[["1002","50"]]}""".formatted(instrument, now));
                BROKER.client().send(prefix + ".orderbook", "GEMINI:" + instrument, """
                        {"venue":"GEMINI","instrument":"%s","timestamp":"%s","sequence":1,
                         "bids":[["1000","50"]],"asks":[["1001","50"]]}""".formatted(instrument, now));
            }
            for (String instrument : INSTRUMENTS) {
                Await.until(Duration.ofSeconds(30), () -> marketVenues(port, instrument) == 2);
            }
            int n = 12;
            for (int i = 0; i < n; i++) {
                String instrument = INSTRUMENTS.get(i % 3);
                String key = i % 2 == 0 ? instrument : i % 4 == 1 ? "mixed-" + i : null;
                BROKER.client().send(prefix + ".intents", key, intent("mixed-" + i, instrument, Instant.now()));
            }
            List<ConsumerRecord<String, String>> orders = BROKER.client().readUntil(prefix + ".orders", Duration.ofSeconds(60),
                    seen -> seen.size() >= n);
            assertThat(orders.stream().map(ConsumerRecord::key).distinct()).hasSize(n);
            assertThat(orders).allSatisfy(r -> assertThat(Json.tree(r.value()).get("venue").asText()).isEqualTo("GEMINI"));
            String metrics = get(port, "/metrics").body();
            assertThat(placed(metrics, prefix + ".intents", "in-place")).isEqualTo(n / 2);
            assertThat(placed(metrics, prefix + ".intents", "moved")).isEqualTo(n / 2);
            assertThat(placed(metrics, prefix + ".orderbook", "in-place")).isEqualTo(INSTRUMENTS.size());
        }
    }

    private static double placed(String prometheus, String topic, String path) {
        return prometheus.lines().filter(l -> l.startsWith("tradeos_inputs_placed_total{")
                        && l.contains("topic=\"" + topic + "\"") && l.contains("path=\"" + path + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void withInputsKeyedByInstrumentItRoutesWithoutTheRepartitionHopAndDeadLettersOtherKeys() throws Exception {
        String prefix = "keyed";
        TradeosConfig config = keyedByInstrument(prefix, "router-keyed");
        assertThat(config.kafka().inputsKeyedByInstrument()).isTrue();
        try (RouterService router = new RouterService(config).start()) {
            Await.until(Duration.ofSeconds(60), () -> router.streams().state() == KafkaStreams.State.RUNNING);
            Instant now = Instant.now();
            for (String instrument : INSTRUMENTS) {
                BROKER.client().send(prefix + ".orderbook", instrument, """
                        {"venue":"KRAKEN_SPOT","instrument":"%s","timestamp":"%s","sequence":1,
                         "bids":[["1000","50"]],"asks":[["1001","50"]]}""".formatted(instrument, now));
            }
            for (int i = 0; i < 9; i++) {
                String instrument = INSTRUMENTS.get(i % 3);
                BROKER.client().send(prefix + ".intents", instrument, intent("keyed-" + i, instrument, Instant.now()));
            }
            BROKER.client().send(prefix + ".intents", "keyed-x", intent("keyed-x", "BTC-USD", Instant.now()));

            List<ConsumerRecord<String, String>> orders = BROKER.client().readUntil(prefix + ".orders", Duration.ofSeconds(60),
                    seen -> seen.size() >= 9);
            assertThat(orders).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(
                    "keyed-0", "keyed-1", "keyed-2", "keyed-3", "keyed-4", "keyed-5", "keyed-6", "keyed-7", "keyed-8");
            assertThat(BROKER.client().readUntil(prefix + ".fills", Duration.ofSeconds(30), seen -> seen.size() >= 9)).hasSize(9);
            List<ConsumerRecord<String, String>> dead = BROKER.client().readUntil(prefix + ".dlq", Duration.ofSeconds(30),
                    seen -> !seen.isEmpty());
            assertThat(dead).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo("keyed-x"));
            assertThat(new String(dead.get(0).headers().lastHeader(DeadLetters.ERROR_MESSAGE).value()))
                    .contains("key is 'keyed-x', not its instrument 'BTC-USD'");
            assertThat(router.streams().metadataForLocalThreads().toString())
                    .as("no instrument repartition topic in this mode, only the fills'")
                    .contains("router-keyed-fills-by-instrument-repartition").doesNotContain("instrument-events");
        }
    }

    @Test
    void aRecordTooLargeForTheRoutersOwnTopicsIsDeadLetteredAndTheStreamGoesOn() throws Exception {
        String prefix = "large";
        int port = EmbeddedKafka.freePort();
        Path file = configFile(prefix, "router-large", port);
        // a legal book (600 levels a side) is 31 kB in the repartition's binary form, over this producer's limit: under
        // exactly-once the refused send would abort the transaction and the same book would come back for ever
        Files.writeString(file, Files.readString(file).replace("    commit.interval.ms: \"100\"\n",
                "    commit.interval.ms: \"100\"\n    producer.max.request.size: \"30000\"\n"));
        try (RouterService router = new RouterService(load(file)).start()) {
            Await.until(Duration.ofSeconds(60), () -> router.streams().state() == KafkaStreams.State.RUNNING);
            StringBuilder bids = new StringBuilder();
            StringBuilder asks = new StringBuilder();
            for (int i = 0; i < 600; i++) {
                bids.append(i == 0 ? "" : ",").append("[\"").append(5000 - i).append("\",\"1\"]");
                asks.append(i == 0 ? "" : ",").append("[\"").append(5001 + i).append("\",\"1\"]");
            }
            String deep = """
                    {"venue":"KRAKEN_SPOT","instrument":"BTC-USD","timestamp":"%s","sequence":1,"bids":[%s],"asks":[%s]}"""
                    .formatted(Instant.now(), bids, asks);
            assertThat(deep.length()).isBetween(15_000, 29_000);
            BROKER.client().send(prefix + ".orderbook", "deep", deep);
            publishBooks(prefix, Instant.now());
            Await.until(Duration.ofSeconds(30), () -> marketVenues(port, "BTC-USD") == VENUES.size());
            BROKER.client().send(prefix + ".intents", "large-1", intent("large-1", "BTC-USD", Instant.now()));

            assertThat(BROKER.client().readUntil(prefix + ".orders", Duration.ofSeconds(60), seen -> !seen.isEmpty()))
                    .singleElement().satisfies(r -> assertThat(r.key()).isEqualTo("large-1"));
            List<ConsumerRecord<String, String>> dead = BROKER.client().readUntil(prefix + ".dlq", Duration.ofSeconds(30),
                    seen -> !seen.isEmpty());
            assertThat(dead).singleElement().satisfies(r -> {
                assertThat(r.value()).isEqualTo(deep);
                assertThat(new String(r.headers().lastHeader(DeadLetters.ERROR_MESSAGE).value()))
                        .contains("book of 600+600 levels could take").contains("max.request.size");
            });
            assertThat(router.registry().get("tradeos.stream.threads.replaced").counter().count()).isZero();
        }
    }

    @Test
    void aHostileIntentIdIsTextOnTheDashboardAndRunsNothing() throws Exception {
        String prefix = "xss";
        int port = EmbeddedKafka.freePort();
        // one breaks out of an attribute and focuses itself, the other is a tag: either would run at once if rendered as HTML
        String attribute = "x\" autofocus tabindex=\"1\" onfocus=\"document.body.setAttribute('data-pwned','attr')\" y=\"";
        String tag = "<img src=x onerror=\"document.body.setAttribute('data-pwned','tag')\">";
        try (RouterService router = new RouterService(load(configFile(prefix, "router-xss", port))).start()) {
            Await.until(Duration.ofSeconds(60), () -> router.streams().state() == KafkaStreams.State.RUNNING);
            publishBooks(prefix, Instant.now());
            Await.until(Duration.ofSeconds(30), () -> marketVenues(port, "BTC-USD") == VENUES.size());
            for (String id : List.of(attribute, tag)) {
                BROKER.client().send(prefix + ".intents", "k", Json.text(Json.tree(intent("placeholder", "BTC-USD", Instant.now())))
                        .replace("\"placeholder\"", Json.text(id)));
            }
            assertThat(BROKER.client().readUntil(prefix + ".orders", Duration.ofSeconds(60), seen -> seen.size() >= 2)).hasSize(2);
            org.junit.jupiter.api.Assumptions.assumeTrue(tech.tradeos.execution.testkit.Chromium.installed(),
                    "chromium is not installed: the dashboard was not rendered (.ci/run installs it)");
            String dom = tech.tradeos.execution.testkit.Chromium.dumpDom(Files.createTempDirectory("xss"), "http://127.0.0.1:" + port + "/");
            assertThat(dom).as("the dashboard rendered the decisions").contains("BEST_COST");
            assertThat(dom).as("no script of an intentId ran").doesNotContain("data-pwned=");
            assertThat(dom).as("the ids are shown as text").contains("&lt;img src=x onerror=").contains("onfocus=");
        }
    }

    @Test
    void theDashboardShowsTheHaltHeldIntentsAndDeadLettersAndTheEndpointsBehindThem() throws Exception {
        String prefix = "view";
        int port = EmbeddedKafka.freePort();
        Path file = configFile(prefix, "router-view", port);
        Files.writeString(file, "mode: LIVE\n" + Files.readString(file) + "  control: view.control\n");
        try (RouterService router = new RouterService(load(file)).start()) {
            Await.until(Duration.ofSeconds(60), () -> router.streams().state() == KafkaStreams.State.RUNNING);
            publishBooks(prefix, Instant.now());
            Await.until(Duration.ofSeconds(30), () -> marketVenues(port, "BTC-USD") == VENUES.size());
            BROKER.client().send(prefix + ".intents", "k", intent("view-first", "BTC-USD", Instant.now()));
            BROKER.client().readUntil(prefix + ".orders", Duration.ofSeconds(30), seen -> !seen.isEmpty());
            // LIVE, and no executor: the first order stays pending, so the second waits behind it
            BROKER.client().send(prefix + ".intents", "k", intent("view-second", "BTC-USD", Instant.now()));
            BROKER.client().send(prefix + ".orderbook", "k", "{not a book");
            Await.until(Duration.ofSeconds(30), () -> viewJson(port, "/held").toString().contains("view-second"));
            JsonNode heldHere = viewJson(port, "/held/BTC-USD");
            assertThat(heldHere.get(0).get("reason").asText()).contains("orders routed without a confirmed fill");
            assertThat(viewJson(port, "/positions/BTC-USD").get("pending").size()).as("the router's own record").isEqualTo(1);
            HttpResponse<String> instructed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/control"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"HALT\",\"by\":\"dashboard-test\",\"reason\":\"drill\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(instructed.statusCode()).as(instructed.body()).isEqualTo(202);
            Await.until(Duration.ofSeconds(10), () -> viewJson(port, "/control").get("halted").asBoolean());
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

            org.junit.jupiter.api.Assumptions.assumeTrue(tech.tradeos.execution.testkit.Chromium.installed(),
                    "chromium is not installed: the dashboard was not rendered (.ci/run installs it)");
            String dom = tech.tradeos.execution.testkit.Chromium.dumpDom(Files.createTempDirectory("view"), "http://127.0.0.1:" + port + "/");
            assertThat(dom).contains("TRADING HALTED").contains("dashboard-test").contains("drill");
            assertThat(dom).as("the held intent").contains("view-second").contains("orders routed without a confirmed fill");
            assertThat(dom).as("the dead letter by source").contains(prefix + ".orderbook");
        }
    }

    @Test
    void aCrossSitePageCannotInstructARunningRouterAndAMistypedInstructionIsRefused() throws Exception {
        String prefix = "csrf";
        int port = EmbeddedKafka.freePort();
        Path file = configFile(prefix, "router-csrf", port);
        Files.writeString(file, Files.readString(file) + "  control: csrf.control\n");
        try (RouterService router = new RouterService(load(file)).start()) {
            Await.until(Duration.ofSeconds(60), () -> router.streams().state() == KafkaStreams.State.RUNNING);
            assertThat(instruct(port, "{\"action\":\"HALT\",\"by\":\"ops\",\"reason\":\"incident\"}", "application/json", null)
                    .statusCode()).isEqualTo(202);
            Await.until(Duration.ofSeconds(10), () -> viewJson(port, "/control").get("halted").asBoolean());

            // what fetch('http://127.0.0.1:7070/control', {method: 'POST', mode: 'no-cors', body}) sends from another site
            String resume = "{\"action\":\"RESUME\",\"by\":\"evil\",\"reason\":\"cross-site\"}";
            HttpResponse<String> crossSite = instruct(port, resume, "text/plain;charset=UTF-8", "http://evil.example");
            assertThat(crossSite.statusCode()).isEqualTo(403);
            assertThat(instruct(port, resume, "application/json", "http://evil.example").statusCode()).isEqualTo(403);
            // mistyped: maxOrderNotional for maxOrderNotionalUsd; an instrument no venue lists
            HttpResponse<String> mistyped = instruct(port, """
                    {"action":"SET_LIMITS","limits":{"maxOrderNotional":"250000"},"by":"ops","reason":"typo"}""", "application/json", null);
            assertThat(mistyped.statusCode()).isEqualTo(400);
            assertThat(mistyped.body()).contains("unknown limit").contains("maxOrderNotionalUsd");
            HttpResponse<String> unknown = instruct(port, """
                    {"action":"HALT","instrument":"BTCUSD","by":"ops","reason":"typo"}""", "application/json", null);
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("unknown instrument BTCUSD");

            if (tech.tradeos.execution.testkit.Chromium.installed()) {
                // the same request from a real page of another origin, in headless Chromium
                com.sun.net.httpserver.HttpServer evil = com.sun.net.httpserver.HttpServer.create(
                        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
                String page = "<html><body><script>fetch('http://127.0.0.1:" + port + "/control', {method: 'POST', mode: 'no-cors', "
                        + "body: '" + resume + "'}).then(() => document.body.setAttribute('data-sent', 'yes'), "
                        + "() => document.body.setAttribute('data-sent', 'failed'));</script></body></html>";
                evil.createContext("/", ex -> {
                    byte[] bytes = page.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", "text/html");
                    ex.sendResponseHeaders(200, bytes.length);
                    ex.getResponseBody().write(bytes);
                    ex.close();
                });
                evil.start();
                try {
                    String dom = tech.tradeos.execution.testkit.Chromium.dumpDom(Files.createTempDirectory("csrf"),
                            "http://localhost:" + evil.getAddress().getPort() + "/");
                    assertThat(dom).as("the page's request was answered").contains("data-sent=\"yes\"");
                } finally {
                    evil.stop(0);
                }
            }

            // a later instruction is applied after anything written before it: the halt still holds, the limits did not move
            assertThat(instruct(port, "{\"action\":\"DISABLE_VENUE\",\"venue\":\"GEMINI\",\"by\":\"ops\",\"reason\":\"marker\"}",
                    "application/json", null).statusCode()).isEqualTo(202);
            Await.until(Duration.ofSeconds(10), () -> viewJson(port, "/control").toString().contains("marker"));
            JsonNode view = viewJson(port, "/control");
            assertThat(view.get("halted").asBoolean()).as("nothing resumed it").isTrue();
            assertThat(view.toString()).doesNotContain("evil").doesNotContain("BTCUSD").doesNotContain("250000");
        }
    }

    private HttpResponse<String> instruct(int port, String body, String contentType, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/control"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType);
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode viewJson(int port, String path) {
        try {
            return Json.tree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void withInputsKeyedByInstrumentTheRouterRefusesInputTopicsOfDifferentPartitionCounts() throws Exception {
        String prefix = "unequal";
        TradeosConfig config = keyedByInstrument(prefix, "router-unequal");
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", BROKER.bootstrapServers()))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(prefix + ".funding", 5, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RouterService(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the same partition count")
                .hasMessageContaining(prefix + ".funding=5");
    }

    private static Process startJvm(Path config) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                RouterService.class.getName(), config.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("TRADEOS_"));
        pb.redirectErrorStream(true).redirectOutput(config.resolveSibling("router.log").toFile());
        return pb.start();
    }

    private JsonNode getJson(int port, String path) throws Exception {
        HttpResponse<String> response = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            response = get(port, path);
            if (response.statusCode() != 503) {
                break;
            }
        }
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return Json.tree(response.body());
    }

    private int marketVenues(int port, String instrument) {
        try {
            HttpResponse<String> r = get(port, "/market/" + instrument);
            return r.statusCode() == 200 ? Json.tree(r.body()).get("venues").size() : 0;
        } catch (Exception notYet) {
            return 0;
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
