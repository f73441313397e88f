package tech.tradeos.execution.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tradeos.execution.model.Decision;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.RejectReason;
import tech.tradeos.execution.model.Rejection;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.topic.DeadLetters;
import tech.tradeos.execution.model.topic.Topics;
import tech.tradeos.execution.topology.metrics.RouterMetrics;
import tech.tradeos.execution.topology.state.RouterStores;

/** The router topology's rules on the TopologyTestDriver, with the production topology and config factory. */
class RouterTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> books;
    private TestInputTopic<byte[], byte[]> funding;
    private TestInputTopic<byte[], byte[]> intents;
    private TestOutputTopic<String, RoutedOrder> orders;
    private TestOutputTopic<String, Rejection> rejected;
    private TestOutputTopic<String, Fill> fills;
    private TestOutputTopic<byte[], byte[]> dlq;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private void start(Map<String, String> env) {
        TradeosConfig config = ConfigLoader.load(null, env);
        Properties props = RouterStreamsConfig.properties(config);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(RouterTopology.build(config, new RouterMetrics(registry)), props, T0);
        Topics topics = Topics.from(config.topics());
        ByteArraySerializer bytes = new ByteArraySerializer();
        books = driver.createInputTopic(topics.orderbook().name(), bytes, bytes);
        funding = driver.createInputTopic(topics.funding().name(), bytes, bytes);
        intents = driver.createInputTopic(topics.intentsApproved().name(), bytes, bytes);
        orders = driver.createOutputTopic(topics.ordersRouted().name(), new StringDeserializer(),
                topics.ordersRouted().valueSerde().deserializer());
        rejected = driver.createOutputTopic(topics.intentsRejected().name(), new StringDeserializer(),
                topics.intentsRejected().valueSerde().deserializer());
        fills = driver.createOutputTopic(topics.fills().name(), new StringDeserializer(), topics.fills().valueSerde().deserializer());
        dlq = driver.createOutputTopic(topics.dlq().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void routesAnIntentAgainstEveryVenuesBookWhateverTheProducersKeys() throws Exception {
        start(Map.of());
        List<String> lines = Files.readAllLines(examples().resolve("books.jsonl"));
        String[] keys = {null, "KRAKEN_SPOT:BTC-USD", "some-other-key", "x", "GEMINI", "?"};
        for (int i = 0; i < lines.size(); i++) {
            books.pipeInput(keys[i] == null ? null : utf8(keys[i]), utf8(lines.get(i)), T0);
        }
        funding.pipeInput(utf8("KF"), utf8(Files.readString(examples().resolve("funding.jsonl")).trim()), T0);
        intents.pipeInput(utf8("whatever"), utf8(Files.readString(examples().resolve("intent.json"))), T0);

        List<TestRecord<String, RoutedOrder>> routed = orders.readRecordsToList();
        assertThat(routed).hasSize(1);
        assertThat(routed.get(0).key()).isEqualTo("i-42");
        RoutedOrder order = routed.get(0).value();
        assertThat(order.venue()).isEqualTo("KRAKEN_SPOT");
        assertThat(order.totalCost()).isEqualByComparingTo("33634.36144");
        assertThat(order.routedAt()).isEqualTo(T0);

        List<TestRecord<String, Fill>> filled = fills.readRecordsToList();
        assertThat(filled).hasSize(1);
        assertThat(filled.get(0).key()).isEqualTo(order.orderId());
        assertThat(filled.get(0).value().venue()).isEqualTo("KRAKEN_SPOT");
        assertThat(rejected.isEmpty()).isTrue();
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(registry.counter("tradeos.orders.routed", "venue", "KRAKEN_SPOT", "decision", "BEST_COST").count()).isEqualTo(1);
    }

    @Test
    void anIntentIdReusedForAnotherInstrumentOnTheSamePartitionIsAnsweredNotDropped() {
        start(Map.of()); // the test driver runs one task: every instrument shares the partition
        books.pipeInput(null, utf8(book("KRAKEN_SPOT", T0.minusMillis(100), 1, "100", "101")));
        books.pipeInput(null, utf8(book("KRAKEN_SPOT", T0.minusMillis(100), 1, "100", "101").replace("BTC-USD", "ETH-USD")));
        intents.pipeInput(null, utf8(intent("same-id", T0)));
        intents.pipeInput(null, utf8(intent("same-id", T0).replace("BTC-USD", "ETH-USD")));
        assertThat(orders.readRecordsToList()).singleElement().satisfies(o -> assertThat(o.value().instrument()).isEqualTo("BTC-USD"));
        Rejection answer = rejected.readValue();
        assertThat(answer.intentId()).isEqualTo("same-id");
        assertThat(answer.reason()).isEqualTo(RejectReason.INVALID_INTENT);
        assertThat(answer.detail()).contains("already used for BTC-USD");
        assertThat(answer.intent().get("instrument").asText()).isEqualTo("ETH-USD");
        // the first intent's record is untouched: a replay of it is still a duplicate
        intents.pipeInput(null, utf8(intent("same-id", T0)));
        assertThat(orders.isEmpty()).isTrue();
        assertThat(rejected.isEmpty()).isTrue();
    }

    @Test
    void aReplayedIntentProducesNoSecondOrderOrFill() {
        start(Map.of());
        books.pipeInput(null, utf8(book("KRAKEN_SPOT", T0.minusMillis(100), 1, "100", "101")));
        intents.pipeInput(null, utf8(intent("i-1", T0)));
        intents.pipeInput(null, utf8(intent("i-1", T0)));
        intents.pipeInput(utf8("other"), utf8(intent("i-1", T0.plusSeconds(1))));
        assertThat(orders.readRecordsToList()).hasSize(1);
        assertThat(fills.readRecordsToList()).hasSize(1);
        assertThat(registry.counter("tradeos.intents.duplicate").count()).isEqualTo(2);
    }

    @Test
    void decisionsAreForgottenAfterTheDedupeRetention() {
        // intents replayed an hour later: older than the default max-intent-age, which this rule is not about
        start(Map.of("TRADEOS_ROUTING_DEDUPE_RETENTION", "PT1H", "TRADEOS_ROUTING_MAX_INTENT_AGE", "P1D"));
        books.pipeInput(null, utf8(book("KRAKEN_SPOT", T0.minusMillis(100), 1, "100", "101")));
        intents.pipeInput(null, utf8(intent("i-1", T0)));
        driver.advanceWallClockTime(java.time.Duration.ofMinutes(50));
        intents.pipeInput(null, utf8(intent("i-1", T0)));
        assertThat(orders.readRecordsToList()).as("remembered within the retention").hasSize(1);
        assertThat(count(RouterStores.DECISION_TIMES)).as("each decision is in the time index").isEqualTo(1);
        driver.advanceWallClockTime(java.time.Duration.ofMinutes(20));
        assertThat(count(RouterStores.DECISIONS)).isZero();
        assertThat(count(RouterStores.DECISION_TIMES)).isZero();
        intents.pipeInput(null, utf8(intent("i-1", T0)));
        assertThat(orders.readRecordsToList()).as("forgotten after it").hasSize(1);
    }

    private int count(String store) {
        int n = 0;
        try (var all = driver.getKeyValueStore(store).all()) {
            for (; all.hasNext(); all.next()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void anOlderOrEqualSnapshotNeverReplacesTheHeldOne() {
        start(Map.of());
        books.pipeInput(null, utf8(book("KRAKEN_SPOT", T0.minusMillis(100), 5, "100", "101")));
        books.pipeInput(null, utf8(book("KRAKEN_SPOT", T0.minusMillis(200), 9, "200", "201")));   // older timestamp
        books.pipeInput(null, utf8(book("KRAKEN_SPOT", T0.minusMillis(100), 4, "300", "301")));   // same time, lower sequence
        books.pipeInput(null, utf8(book("KRAKEN_SPOT", T0.minusMillis(100), 5, "400", "401")));   // equal: the held one stays
        intents.pipeInput(null, utf8(intent("i-1", T0)));
        assertThat(orders.readValue().expectedPrice()).isEqualByComparingTo("101");

        books.pipeInput(null, utf8(book("KRAKEN_SPOT", T0.minusMillis(100), 6, "500", "501")));   // same time, higher sequence
        intents.pipeInput(null, utf8(intent("i-2", T0)));
        assertThat(orders.readValue().expectedPrice()).isEqualByComparingTo("501");
    }

    @Test
    void stalenessIsJudgedAtTheIntentsTimeNotTheWallClock() {
        start(Map.of("TRADEOS_ROUTING_MAX_INTENT_AGE", "P1D")); // the wall clock runs an hour ahead of the intents
        books.pipeInput(null, utf8(book("KRAKEN_SPOT", T0.minusMillis(5_001), 1, "90", "91")));
        books.pipeInput(null, utf8(book("GEMINI", T0.minusMillis(5_000), 1, "100", "101")));
        driver.advanceWallClockTime(java.time.Duration.ofHours(1));
        intents.pipeInput(null, utf8(intent("i-1", T0)));
        RoutedOrder order = orders.readValue();
        assertThat(order.venue()).isEqualTo("GEMINI");
        assertThat(order.decision()).isEqualTo(Decision.BEST_COST);

        intents.pipeInput(null, utf8(intent("i-2", T0.plusSeconds(10))));
        RoutedOrder stale = orders.readValue();
        assertThat(stale.decision()).isEqualTo(Decision.FALLBACK_PRIORITY);
        assertThat(stale.venue()).isEqualTo("KRAKEN_SPOT"); // first of the US priority list
        assertThat(stale.expectedPrice()).isEqualByComparingTo("91");
    }

    @Test
    void malformedAndInvalidMarketDataGoToTheDlqWithTheReasonAndTheStreamGoesOn() {
        start(Map.of());
        books.pipeInput(utf8("k1"), utf8("{\"venue\":"));
        books.pipeInput(utf8("k2"), utf8(book("KRAKEN_SPOT", T0, 1, "102", "101")));
        funding.pipeInput(utf8("k3"), utf8("{\"venue\":\"KRAKEN_FUTURES\",\"instrument\":\"BTC-USD\"}"));
        books.pipeInput(null, utf8(book("KRAKEN_SPOT", T0.minusMillis(10), 1, "100", "101")));
        intents.pipeInput(null, utf8(intent("i-1", T0)));

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(3);
        assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("k1");
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"venue\":");
        assertThat(header(dead.get(0).headers(), DeadLetters.ERROR_MESSAGE)).startsWith("malformed JSON");
        assertThat(header(dead.get(0).headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo("marketdata.orderbook");
        assertThat(header(dead.get(0).headers(), DeadLetters.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(dead.get(0).headers(), DeadLetters.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(header(dead.get(0).headers(), DeadLetters.ERROR_CLASS)).startsWith("com.fasterxml.jackson.core");
        assertThat(header(dead.get(1).headers(), DeadLetters.ERROR_MESSAGE))
                .isEqualTo("crossed book: best bid 102 is not below best ask 101");
        assertThat(header(dead.get(1).headers(), DeadLetters.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(header(dead.get(2).headers(), DeadLetters.ERROR_MESSAGE)).isEqualTo("timestamp is required");
        assertThat(header(dead.get(2).headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo("marketdata.funding");
        assertThat(orders.readValue().venue()).isEqualTo("KRAKEN_SPOT");
    }

    @Test
    void malformedIntentsAreDeadLetteredAndInvalidOnesRejected() {
        start(Map.of());
        intents.pipeInput(utf8("raw-key"), utf8("not json"));
        intents.pipeInput(utf8("raw-key"), utf8(intent("i-7", T0).replace("\"1\"", "\"-1\"")));
        intents.pipeInput(utf8("raw-key"), utf8("{\"quantity\":\"1\"}"));
        assertThat(dlq.readRecordsToList()).hasSize(1);
        List<TestRecord<String, Rejection>> rejections = rejected.readRecordsToList();
        assertThat(rejections).hasSize(2);
        assertThat(rejections.get(0).key()).isEqualTo("i-7");
        assertThat(rejections.get(0).value().reason()).isEqualTo(RejectReason.INVALID_INTENT);
        assertThat(rejections.get(0).value().detail()).isEqualTo("quantity must be > 0, got -1");
        assertThat(rejections.get(1).key()).as("no intentId: the original key").isEqualTo("raw-key");
        assertThat(rejections.get(1).value().detail()).isEqualTo("intentId is required (non-empty text)");
        assertThat(orders.isEmpty()).isTrue();
    }

    @Test
    void businessRejectionsGoToTheRejectedTopic() {
        start(Map.of());
        intents.pipeInput(null, utf8(intent("i-1", T0).replace("BTC-USD", "DOGE-USD")));
        intents.pipeInput(null, utf8(intent("i-2", T0)));
        List<TestRecord<String, Rejection>> rejections = rejected.readRecordsToList();
        assertThat(rejections).extracting(r -> r.value().reason())
                .containsExactly(RejectReason.UNKNOWN_INSTRUMENT, RejectReason.NO_MARKET_DATA);
        assertThat(rejections.get(1).value().intent().get("intentId").asText()).isEqualTo("i-2");
    }

    @Test
    void thePaperFillIsTheMidPlusTheAtrMultipleOfTheVenuesMinuteBars() {
        start(Map.of());
        Instant m0 = T0.minusSeconds(120);
        books.pipeInput(null, utf8(book("KRAKEN_SPOT", m0, 1, "100", "102")));                  // mid 101
        books.pipeInput(null, utf8(book("KRAKEN_SPOT", m0.plusSeconds(60), 2, "103", "105")));   // mid 104: TR 3
        books.pipeInput(null, utf8(book("KRAKEN_SPOT", T0, 3, "99", "101")));                    // mid 100: TR 4
        intents.pipeInput(null, utf8(intent("i-1", T0)));
        Fill fill = fills.readValue();
        // ATR = (0 + 3 + 4)/3 = 2.333333333333; price = 100 + 0.1·ATR
        assertThat(fill.price()).isEqualByComparingTo("100.2333333333333");
        assertThat(fill.fee()).isEqualByComparingTo("0.4009333333333332");
        assertThat(fill.expectedPrice()).isEqualByComparingTo("101");
        assertThat(fill.slippageBps()).isEqualByComparingTo("-75.907590759079");
        assertThat(fill.arrivalMid()).isEqualByComparingTo("100");
        assertThat(fill.filledAt()).isEqualTo(T0);
    }

    @Test
    void theBookWalkFillModelPaysForTheDepthAnOrderEats() {
        start(Map.of("TRADEOS_PAPER_FILL_MODEL", "BOOK_WALK"));
        // 0.4 at 100 then 110: a 1-unit buy walks to VWAP 0.4·100 + 0.6·110 = 106; the mid is (98 + 100)/2 = 99
        books.pipeInput(null, utf8("""
                {"venue":"KRAKEN_SPOT","instrument":"BTC-USD","timestamp":"%s","sequence":1,
                 "bids":[["98","10"]],"asks":[["100","0.4"],["110","10"]]}""".formatted(T0.minusMillis(100))));
        intents.pipeInput(null, utf8(intent("i-1", T0)));
        Fill fill = fills.readValue();
        // one minute bar: ATR = its true range, 0; price = 106 + 0.1·0, exactly the SOR's expected VWAP
        assertThat(fill.price()).isEqualByComparingTo("106");
        assertThat(fill.expectedPrice()).isEqualByComparingTo("106");
        assertThat(fill.slippageBps()).isEqualByComparingTo("0");
        assertThat(fill.arrivalMid()).isEqualByComparingTo("99");
    }

    @Test
    void theDefaultFillModelIsTheSeedsMidBlindToDepth() {
        start(Map.of());
        books.pipeInput(null, utf8("""
                {"venue":"KRAKEN_SPOT","instrument":"BTC-USD","timestamp":"%s","sequence":1,
                 "bids":[["98","10"]],"asks":[["100","0.4"],["110","10"]]}""".formatted(T0.minusMillis(100))));
        intents.pipeInput(null, utf8(intent("i-1", T0)));
        assertThat(fills.readValue().price()).isEqualByComparingTo("99");
    }

    @Test
    void liveModeRoutesWithoutFilling() {
        start(Map.of("TRADEOS_MODE", "LIVE"));
        books.pipeInput(null, utf8(book("KRAKEN_SPOT", T0.minusMillis(100), 1, "100", "101")));
        intents.pipeInput(null, utf8(intent("i-1", T0)));
        assertThat(orders.readValue().mode()).isEqualTo(tech.tradeos.execution.model.Mode.LIVE);
        assertThat(fills.isEmpty()).isTrue();
    }

    @Test
    void processorsStoresAndTheRepartitionTopicAreNamed() {
        String description = RouterTopology.build(ConfigLoader.defaults(), new RouterMetrics(registry)).describe().toString();
        assertThat(description).contains("instrument-events-repartition", "route-intent", "market-store",
                "decisions-store", "parse-book", "parse-funding", "parse-intent").doesNotContain("KSTREAM-");
    }

    @Test
    void byDefaultRecordsKeyedByInstrumentAreRoutedInPlaceAndAnyOtherKeyTakesTheHop() {
        start(Map.of("TRADEOS_KAFKA_PARTITIONS", "1"));
        books.pipeInput(utf8("BTC-USD"), utf8(book("KRAKEN_SPOT", T0.minusMillis(100), 1, "100", "101")));
        books.pipeInput(utf8("GEMINI:BTC-USD"), utf8(book("GEMINI", T0.minusMillis(100), 1, "99", "100")));
        intents.pipeInput(utf8("BTC-USD"), utf8(intent("i-keyed", T0)));
        intents.pipeInput(utf8("i-other"), utf8(intent("i-other", T0)));
        intents.pipeInput(null, utf8(intent("i-null", T0)));

        List<TestRecord<String, RoutedOrder>> routed = orders.readRecordsToList();
        assertThat(routed).extracting(TestRecord::key).containsExactlyInAnyOrder("i-keyed", "i-other", "i-null");
        assertThat(routed).allSatisfy(r -> assertThat(r.value().venue())
                .as("every intent priced against both books, however it arrived").isEqualTo("GEMINI"));
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(placed("marketdata.orderbook", "in-place")).isEqualTo(1);
        assertThat(placed("marketdata.orderbook", "moved")).isEqualTo(1);
        assertThat(placed("execution.intents.approved", "in-place")).isEqualTo(1);
        assertThat(placed("execution.intents.approved", "moved")).isEqualTo(2);
    }

    @Test
    void byDefaultAKeyInAnotherPartitionThanItsInstrumentsTakesTheHopAndIsRouted() {
        // the driver puts every record in partition 0; with 2 partitions the repartition topic puts this key in 1
        String instrument = instrumentInPartition(1, 2);
        start(Map.of("TRADEOS_KAFKA_PARTITIONS", "2"));
        books.pipeInput(utf8(instrument), utf8(book("KRAKEN_SPOT", T0.minusMillis(100), 1, "100", "101")
                .replace("BTC-USD", instrument)));
        intents.pipeInput(utf8(instrument), utf8(intent("i-1", T0).replace("BTC-USD", instrument)));
        assertThat(orders.readValue().venue()).isEqualTo("KRAKEN_SPOT");
        assertThat(placed("execution.intents.approved", "moved")).isEqualTo(1);
        assertThat(placed("execution.intents.approved", "in-place")).isZero();
    }

    @Test
    void byDefaultTheInputsAndTheRepartitionTopicAreReadByTheSameTasks() {
        String description = RouterTopology.build(ConfigLoader.defaults(), new RouterMetrics(registry)).describe().toString();
        assertThat(java.util.regex.Pattern.compile("Sub-topology: \\d+\\n").matcher(description).results().count())
                .as("one sub-topology with tasks (the other is the control topic's global store): input partition p "
                        + "and repartition partition p are in one task").isEqualTo(1);
        assertThat(description).contains("instrument-events-repartition", "marketdata.orderbook", "route-intent");
    }

    private double placed(String topic, String path) {
        return registry.counter("tradeos.inputs.placed", "topic", topic, "path", path).count();
    }

    private static String instrumentInPartition(int partition, int partitions) {
        return java.util.stream.Stream.of("BTC-USD", "ETH-USD", "SOL-USD")
                .filter(i -> tech.tradeos.execution.topology.processor.Placement.partitionOf(i, partitions) == partition)
                .findFirst().orElseThrow();
    }

    @Test
    void withInputsKeyedByInstrumentItRoutesInTheInputsTaskAndRefusesOtherKeys() {
        start(Map.of("TRADEOS_KAFKA_INPUTS_KEYED_BY_INSTRUMENT", "true", "TRADEOS_KAFKA_PARTITIONS", "1"));
        books.pipeInput(utf8("BTC-USD"), utf8(book("KRAKEN_SPOT", T0.minusMillis(100), 1, "100", "101")));
        intents.pipeInput(utf8("BTC-USD"), utf8(intent("i-1", T0)));
        assertThat(orders.readValue().venue()).isEqualTo("KRAKEN_SPOT");
        assertThat(fills.readRecordsToList()).hasSize(1);

        intents.pipeInput(utf8("i-2"), utf8(intent("i-2", T0)));                                 // keyed by intentId
        books.pipeInput(utf8("KRAKEN_SPOT:BTC-USD"), utf8(book("GEMINI", T0.minusMillis(50), 1, "99", "100")));
        assertThat(orders.isEmpty()).as("nothing routed from a record outside its instrument's partition").isTrue();
        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(2);
        assertThat(header(dead.get(0).headers(), DeadLetters.ERROR_MESSAGE))
                .isEqualTo("kafka.inputs-keyed-by-instrument is on, but the record's key is 'i-2', not its instrument 'BTC-USD'");
        assertThat(header(dead.get(1).headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo("marketdata.orderbook");

        String description = RouterTopology.build(ConfigLoader.load(null, Map.of("TRADEOS_KAFKA_INPUTS_KEYED_BY_INSTRUMENT", "true")),
                new RouterMetrics(registry)).describe().toString();
        assertThat(description).as("no repartition hop for intents and market data")
                .doesNotContain("instrument-events").contains("fills-by-instrument-repartition");
    }

    @Test
    void withInputsKeyedByInstrumentARecordInAnotherPartitionThanItsKeysIsRefused() {
        // the driver puts every record in partition 0; with 2 partitions the default partitioner sends this key to 1
        String instrument = instrumentInPartition(1, 2);
        start(Map.of("TRADEOS_KAFKA_INPUTS_KEYED_BY_INSTRUMENT", "true", "TRADEOS_KAFKA_PARTITIONS", "2"));
        intents.pipeInput(utf8(instrument), utf8(intent("i-1", T0).replace("BTC-USD", instrument)));
        assertThat(orders.isEmpty() && rejected.isEmpty()).isTrue();
        assertThat(header(dlq.readRecord().headers(), DeadLetters.ERROR_MESSAGE)).isEqualTo("kafka.inputs-keyed-by-instrument "
                + "is on, but key '" + instrument + "' is in partition 0, not 1 of 2 (the default partitioner's choice)");
    }

    @Test
    void marketDataNoIntentCanUseOrFromTheFutureIsDeadLetteredAndTheRealBookStillRoutes() {
        start(Map.of());
        books.pipeInput(null, utf8(book("KRAKEN_SPOT", T0.minusMillis(100), 1, "100", "101")));
        books.pipeInput(null, utf8(book("NOPE", T0.minusMillis(100), 1, "1", "2")));
        books.pipeInput(null, utf8(book("KRAKEN_SPOT", T0.minusMillis(100), 1, "1", "2").replace("BTC-USD", "DOGE-USD")));
        books.pipeInput(null, utf8(book("KRAKEN_SPOT", Instant.parse("2062-01-01T00:00:00Z"), 9, "60000", "60000.5")));
        books.pipeInput(null, utf8(book("KRAKEN_SPOT", T0.minusMillis(50), 2, "200", "201")));
        intents.pipeInput(null, utf8(intent("i-1", T0)));

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).extracting(r -> header(r.headers(), DeadLetters.ERROR_MESSAGE)).containsExactly(
                "venue NOPE is not configured (venues: " + ConfigLoader.load(null, Map.of()).venues().keySet() + ")",
                "venue KRAKEN_SPOT does not list DOGE-USD",
                "timestamp 2062-01-01T00:00:00Z is " + (Instant.parse("2062-01-01T00:00:00Z").toEpochMilli() - T0.toEpochMilli())
                        + " ms ahead of this router's clock (routing.max-clock-skew-ms 60000)");
        RoutedOrder order = orders.readValue();
        assertThat(order.venue()).isEqualTo("KRAKEN_SPOT");
        assertThat(order.expectedPrice()).as("the real, newer book, not the one from 2062").isEqualByComparingTo("201");
    }

    @Test
    void anIntentOlderThanTheMaximumAgeIsRejectedExpiredOnce() {
        start(Map.of("TRADEOS_ROUTING_MAX_INTENT_AGE", "PT1M"));
        books.pipeInput(null, utf8(book("KRAKEN_SPOT", T0.minusMillis(100), 1, "100", "101")));
        intents.pipeInput(null, utf8(intent("i-old", T0.minusSeconds(61))));
        intents.pipeInput(null, utf8(intent("i-old", T0.minusSeconds(61))));
        intents.pipeInput(null, utf8(intent("i-recent", T0.minusSeconds(59))));

        List<TestRecord<String, Rejection>> rejections = rejected.readRecordsToList();
        assertThat(rejections).hasSize(1);
        assertThat(rejections.get(0).value().reason()).isEqualTo(RejectReason.EXPIRED);
        assertThat(rejections.get(0).value().detail()).contains("61000 ms before it reached the router (routing.max-intent-age PT1M)");
        assertThat(orders.readRecordsToList()).extracting(TestRecord::key).containsExactly("i-recent");
    }

    @Test
    void aHostileIntentGetsExactlyOneAnswerAndTheStreamGoesOn() {
        start(Map.of());
        books.pipeInput(null, utf8(book("KRAKEN_SPOT", T0.minusMillis(100), 1, "100", "101")));
        intents.pipeInput(null, utf8(intent("i-huge", T0).replace("\"quantity\":\"1\"", "\"quantity\":\"-1e999999999\"")));
        intents.pipeInput(utf8("k-nul"), utf8(intent("i\\u0000x", T0)));
        intents.pipeInput(null, utf8(intent("i-far", T0).replace(T0.toString(), "+999999999-12-31T23:59:59Z")));
        intents.pipeInput(null, utf8(intent("i-ok", T0)));

        List<TestRecord<String, Rejection>> rejections = rejected.readRecordsToList();
        assertThat(rejections).extracting(TestRecord::key).containsExactly("i-huge", "k-nul", "i-far");
        assertThat(rejections).allSatisfy(r -> assertThat(r.value().reason()).isEqualTo(RejectReason.INVALID_INTENT));
        assertThat(rejections.get(0).value().detail()).startsWith("quantity is too large (-1E+999999999");
        assertThat(rejections.get(1).value().intentId()).as("an unusable id is not echoed as a key").isNull();
        assertThat(orders.readRecordsToList()).extracting(TestRecord::key).containsExactly("i-ok");
        assertThat(dlq.isEmpty()).isTrue();
    }

    static String book(String venue, Instant at, long sequence, String bid, String ask) {
        return """
                {"venue":"%s","instrument":"BTC-USD","timestamp":"%s","sequence":%d,
                 "bids":[["%s","10"]],"asks":[["%s","10"]]}""".formatted(venue, at, sequence, bid, ask);
    }

    static String intent(String id, Instant at) {
        return """
                {"intentId":"%s","instrument":"BTC-USD","direction":"LONG","action":"OPEN","quantity":"1",
                 "signalType":"momentum","expectedHoldHours":0,"createdAt":"%s"}""".formatted(id, at);
    }

    static Path examples() {
        return Path.of(System.getProperty("user.dir")).resolve("../examples").normalize();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
