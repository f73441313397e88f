package tech.tradeos.execution.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static tech.tradeos.execution.topology.RouterTopologyTest.utf8;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.topic.Topics;
import tech.tradeos.execution.testkit.Contract;
import tech.tradeos.execution.topology.metrics.RouterMetrics;

/**
 * docs/asyncapi.yaml against the code: every kind of message the router writes (a routed order, a
 * paper fill, rejections, a dead letter) and the shipped examples of its inputs
 * keep their schemas, and the validator refuses what breaks them.
 */
class ContractTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path stateDir;

    @Test
    void everyChannelOfTheDocumentIsATopicOfTheRegistry() {
        TradeosConfig config = ConfigLoader.load(null, Map.of());
        List<String> addresses = Contract.get().channels().values().stream().map(Contract.Channel::address).toList();
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(Topics.from(config).all());
    }

    @Test
    void everyMessageTheRouterWritesKeepsTheContract() throws Exception {
        TradeosConfig config = ConfigLoader.load(null, Map.of());
        Topics topics = Topics.from(config);
        Properties props = RouterStreamsConfig.properties(config);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(
                RouterTopology.build(config, new RouterMetrics(new SimpleMeterRegistry())), props, T0)) {
            ByteArraySerializer bytes = new ByteArraySerializer();
            TestInputTopic<byte[], byte[]> books = driver.createInputTopic(topics.orderbook().name(), bytes, bytes);
            TestInputTopic<byte[], byte[]> funding = driver.createInputTopic(topics.funding().name(), bytes, bytes);
            TestInputTopic<byte[], byte[]> intents = driver.createInputTopic(topics.intentsApproved().name(), bytes, bytes);
            Path examples = RouterTopologyTest.examples();
            for (String line : Files.readAllLines(examples.resolve("books.jsonl"))) {
                books.pipeInput(null, utf8(line), T0);
            }
            funding.pipeInput(null, utf8(Files.readString(examples.resolve("funding.jsonl")).trim()), T0);
            intents.pipeInput(null, utf8(Files.readString(examples.resolve("intent.json"))), T0); // BEST_COST + paper fill
            intents.pipeInput(null, utf8(intentFor("i-sol", "SOL-USD", "LONG")), T0); // no books: NO_MARKET_DATA
            intents.pipeInput(null, utf8(intentFor("i-doge", "DOGE-USD", "LONG")), T0); // UNKNOWN_INSTRUMENT
            intents.pipeInput(null, utf8("{\"intentId\":\"i-bad\",\"quantity\":-1}"), T0); // INVALID_INTENT
            intents.pipeInput(utf8("k"), utf8("{not json"), T0); // DLQ

            int checked = 0;
            for (String topic : List.of(topics.ordersRouted().name(), topics.intentsRejected().name(), topics.fills().name(),
                    topics.dlq().name())) {
                List<TestRecord<byte[], byte[]>> out = driver.createOutputTopic(topic, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()).readRecordsToList();
                assertThat(out).as(topic).isNotEmpty();
                for (TestRecord<byte[], byte[]> r : out) {
                    String value = topic.equals(topics.dlq().name()) ? null : new String(r.value(), StandardCharsets.UTF_8);
                    Contract.assertValid(topic, value, r.headers());
                    checked++;
                }
            }
            assertThat(checked).isGreaterThanOrEqualTo(6);
        }
    }

    @Test
    void theShippedExamplesOfTheInputsKeepTheContract() throws Exception {
        Path examples = RouterTopologyTest.examples();
        for (String line : Files.readAllLines(examples.resolve("books.jsonl"))) {
            Contract.assertValid("marketdata.orderbook", line, null);
        }
        Contract.assertValid("marketdata.funding", Files.readString(examples.resolve("funding.jsonl")).trim(), null);
        Contract.assertValid("execution.intents.approved", Files.readString(examples.resolve("intent.json")), null);
        Contract.assertValid("execution.intents.approved", Files.readString(examples.resolve("intent-short.json")), null);
    }

    @Test
    void theValidatorRefusesWhatBreaksTheContract() {
        Contract contract = Contract.get();
        assertThat(contract.violations("execution.fills", "{\"fillId\":\"f\"}", null)).isNotEmpty();
        assertThat(contract.violations("execution.orders.routed", "{\"orderId\":\"o\",\"quantity\":1.5}", null)).isNotEmpty();
        assertThat(contract.violations("execution.intents.rejected",
                "{\"reason\":\"NOT_A_REASON\",\"detail\":\"x\",\"rejectedAt\":\"2026-11-25T10:00:00Z\"}", null)).isNotEmpty();
        RecordHeaders partial = new RecordHeaders();
        partial.add("tradeos.error.class", utf8("java.lang.IllegalArgumentException"));
        assertThat(contract.violations("execution.dlq", null, partial)).isNotEmpty();
        assertThat(contract.violations("execution.dlq", null, new RecordHeaders())).isNotEmpty();
    }

    private static String intentFor(String id, String instrument, String direction) {
        return """
                {"intentId":"%s","instrument":"%s","direction":"%s","action":"OPEN","quantity":"0.5",
                 "signalType":"momentum","createdAt":"%s"}""".formatted(id, instrument, direction, T0);
    }
}
