package tech.tradeos.execution.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static tech.tradeos.execution.topology.RouterTopologyTest.book;
import static tech.tradeos.execution.topology.RouterTopologyTest.utf8;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tradeos.execution.model.CandidateReason;
import tech.tradeos.execution.model.RejectReason;
import tech.tradeos.execution.model.Rejection;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.control.ControlCommand;
import tech.tradeos.execution.model.control.Limits;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.topic.Topics;
import tech.tradeos.execution.topology.metrics.RouterMetrics;

/** Operator instructions on execution.control and the router's limits, on the TopologyTestDriver. */
class OperatorControlTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> books;
    private TestInputTopic<byte[], byte[]> intents;
    private TestInputTopic<byte[], byte[]> control;
    private TestOutputTopic<String, RoutedOrder> orders;
    private TestOutputTopic<String, Rejection> rejected;
    private int n;
    private final java.util.List<tech.tradeos.execution.topology.control.ControlBoard.Refused> refusals = new java.util.ArrayList<>();

    private void start(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("TRADEOS_MODE", "LIVE"); // no paper fill: positions move only by what the tests say
        TradeosConfig config = ConfigLoader.load(null, all);
        Properties props = RouterStreamsConfig.properties(config);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        tech.tradeos.execution.topology.control.ControlBoard board = new tech.tradeos.execution.topology.control.ControlBoard(config);
        board.refusals(refusals::add);
        driver = new TopologyTestDriver(RouterTopology.build(config, new RouterMetrics(new SimpleMeterRegistry()),
                tech.tradeos.execution.model.position.PositionLedger.NONE, config.kafka().partitions(), board), props, T0);
        Topics topics = Topics.from(config.topics());
        ByteArraySerializer bytes = new ByteArraySerializer();
        books = driver.createInputTopic(topics.orderbook().name(), bytes, bytes);
        intents = driver.createInputTopic(topics.intentsApproved().name(), bytes, bytes);
        control = driver.createInputTopic(topics.control().name(), bytes, bytes);
        orders = driver.createOutputTopic(topics.ordersRouted().name(), new StringDeserializer(), topics.ordersRouted().valueSerde().deserializer());
        rejected = driver.createOutputTopic(topics.intentsRejected().name(), new StringDeserializer(),
                topics.intentsRejected().valueSerde().deserializer());
        // Kraken Spot is the cheapest buy at 100; Gemini next at 100.2 (fees 40 vs 60 bps in the defaults)
        books.pipeInput(null, utf8(book("KRAKEN_SPOT", T0.minusMillis(10), 1, "99", "100")));
        books.pipeInput(null, utf8(book("GEMINI", T0.minusMillis(10), 1, "99", "100")));
    }

    @AfterEach
    void close() {
        driver.close();
    }

    /** As ControlDesk writes it: one record per scope (per limit for SET_LIMITS). */
    private void send(ControlCommand c) {
        c.records().forEach(r -> control.pipeInput(utf8(r.key()), Json.bytes(r)));
    }

    private void sendRaw(String key, String json) {
        control.pipeInput(utf8(key), json == null ? null : utf8(json));
    }

    private static ControlCommand cmd(ControlCommand.Action action, String venue, String instrument) {
        return new ControlCommand(action, venue, instrument, null, null, "alice", "test", T0);
    }

    private String intent(String direction, String qty) {
        return intent(direction, "OPEN", qty);
    }

    private String intent(String direction, String action, String qty) {
        String id = "c-" + (++n);
        intents.pipeInput(null, utf8("""
                {"intentId":"%s","instrument":"BTC-USD","direction":"%s","action":"%s","quantity":"%s","market":"SPOT",
                 "signalType":"momentum","createdAt":"%s"}""".formatted(id, direction, action, qty, T0)));
        return id;
    }

    /** Settles the last order (LIVE: the router holds the instrument until then) as filled at 100. */
    private void settle(RoutedOrder o) {
        TestInputTopic<byte[], byte[]> fills = driver.createInputTopic(Topics.from(ConfigLoader.load(null, Map.of()).topics())
                .fillsIn().name(), new ByteArraySerializer(), new ByteArraySerializer());
        fills.pipeInput(utf8(o.orderId()), Json.bytes(new tech.tradeos.execution.model.Fill("f-" + o.orderId(), o.orderId(),
                o.intentId(), o.venue(), o.instrument(), o.side(), o.quantity(), new BigDecimal("100"), BigDecimal.ZERO,
                tech.tradeos.execution.model.Mode.LIVE, null, null, null, o.signalType(), o.action(), o.direction(), T0)));
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
    }

    @Test
    void aHaltRejectsTheNextIntentHaltedWithWhoAndWhyAndAResumeRestoresRouting() {
        start(Map.of());
        send(cmd(ControlCommand.Action.HALT, null, null));
        intent("LONG", "1");
        Rejection r = rejected.readValue();
        assertThat(r.reason()).isEqualTo(RejectReason.HALTED);
        assertThat(r.detail()).contains("by alice").contains("test");
        send(cmd(ControlCommand.Action.RESUME, null, null));
        intent("LONG", "1");
        assertThat(orders.readValue().venue()).isEqualTo("KRAKEN_SPOT");
    }

    @Test
    void anInstrumentHaltStopsThatInstrumentOnly() {
        start(Map.of());
        send(cmd(ControlCommand.Action.HALT, null, "ETH-USD"));
        intent("LONG", "1");
        RoutedOrder o = orders.readValue();
        assertThat(o.instrument()).isEqualTo("BTC-USD");
        settle(o);
        send(cmd(ControlCommand.Action.HALT, null, "BTC-USD"));
        intent("LONG", "1");
        assertThat(rejected.readValue().reason()).isEqualTo(RejectReason.HALTED);
    }

    @Test
    void aDisabledOrHaltedVenueIsAmongTheCandidatesAsDisabledAndAFeeChangeMovesTheChoice() {
        start(Map.of());
        send(cmd(ControlCommand.Action.DISABLE_VENUE, "KRAKEN_SPOT", null));
        intent("LONG", "1");
        RoutedOrder o = orders.readValue();
        assertThat(o.venue()).isEqualTo("GEMINI");
        assertThat(o.candidates()).anySatisfy(c -> {
            assertThat(c.venue()).isEqualTo("KRAKEN_SPOT");
            assertThat(c.reason()).isEqualTo(CandidateReason.VENUE_DISABLED);
        });
        settle(o);
        send(cmd(ControlCommand.Action.ENABLE_VENUE, "KRAKEN_SPOT", null));
        send(new ControlCommand(ControlCommand.Action.SET_FEE, "KRAKEN_SPOT", null, new BigDecimal("500"), null, "bob", "tier drop", T0));
        intent("LONG", "1");
        RoutedOrder dearer = orders.readValue();
        assertThat(dearer.venue()).as("Kraken Spot at 500 bps loses to Gemini").isEqualTo("GEMINI");
        settle(dearer);
        send(cmd(ControlCommand.Action.HALT, "GEMINI", null));
        send(new ControlCommand(ControlCommand.Action.SET_FEE, "KRAKEN_SPOT", null, new BigDecimal("40"), null, "bob", "back", T0));
        intent("LONG", "1");
        assertThat(orders.readValue().venue()).isEqualTo("KRAKEN_SPOT");
    }

    @Test
    void anInvalidOrMiskeyedControlRecordIsIgnoredAndRoutingGoesOn() {
        start(Map.of());
        control.pipeInput(utf8("halt/all"), utf8("{not json"));
        ControlCommand halt = cmd(ControlCommand.Action.HALT, null, null);
        control.pipeInput(utf8("limits"), Json.bytes(halt)); // the wrong key for a halt
        intent("LONG", "1");
        assertThat(orders.readValue()).isNotNull();
    }

    @Test
    void eachLimitsBreachIsRejectedNamingTheLimit() {
        start(Map.of("TRADEOS_LIMITS_MAX_ORDER_NOTIONAL_USD", "150"));
        intent("LONG", "2"); // 2 × 100 = 200 > 150
        Rejection r = rejected.readValue();
        assertThat(r.reason()).isEqualTo(RejectReason.LIMIT_EXCEEDED);
        assertThat(r.detail()).contains("limits.max-order-notional-usd").contains("200.00");

        send(new ControlCommand(ControlCommand.Action.SET_LIMITS, null, null, null,
                tech.tradeos.execution.model.control.LimitChange.all(new Limits(null, new BigDecimal("250"), new BigDecimal("350"), 4)), "carol", "tighter", T0));
        intent("LONG", "2");
        assertThat(rejected.isEmpty()).as(() -> rejected.readValue().detail()).isTrue();
        RoutedOrder first = orders.readValue(); // 200 on Kraken Spot: within 250
        settle(first);
        intent("LONG", "1"); // 300 on Kraken Spot: over the venue's 250
        assertThat(rejected.readValue().detail()).contains("limits.max-venue-position-notional-usd").contains("300.00");
        intent("LONG", "CLOSE", "1"); // reduces the position: passes
        RoutedOrder reduce = orders.readValue();
        assertThat(reduce.side().name()).isEqualTo("SELL");
        settle(reduce);
        intent("LONG", "1"); // the 5th intent of the minute (refused ones count)
        assertThat(rejected.readValue().detail()).contains("limits.max-intents-per-minute");

        // a minute later, with 1 held on Kraken Spot: 2.5 more on Gemini is 250 there but 350 across venues
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(61));
        send(new ControlCommand(ControlCommand.Action.SET_LIMITS, null, null, null,
                tech.tradeos.execution.model.control.LimitChange.all(new Limits(null, new BigDecimal("1000"), new BigDecimal("300"), null)), "carol", "per instrument", T0));
        send(cmd(ControlCommand.Action.DISABLE_VENUE, "KRAKEN_SPOT", null));
        intent("LONG", "2.5");
        assertThat(rejected.readValue().detail()).contains("limits.max-instrument-position-notional-usd").contains("350.00");
    }

    @Test
    void aMistypedLimitIsRefusedAndEveryLimitStays() {
        start(Map.of("TRADEOS_LIMITS_MAX_ORDER_NOTIONAL_USD", "150"));
        // the field is maxOrderNotionalUsd: read loosely, this removed every limit
        sendRaw("limits", """
                {"action":"SET_LIMITS","limits":{"maxOrderNotional":"250000"},"by":"eve","reason":"typo","at":"%s"}""".formatted(T0));
        assertThat(refusals).singleElement().satisfies(r -> assertThat(r.reason()).contains("unknown limit 'maxOrderNotional'")
                .contains("did you mean maxOrderNotionalUsd"));
        intent("LONG", "2");
        assertThat(rejected.readValue().detail()).contains("limits.max-order-notional-usd");
    }

    @Test
    void anUnknownFieldRefusesTheWholeInstruction() {
        start(Map.of());
        // "instrumnet": read loosely, this was a halt of everything
        sendRaw("halt/all", """
                {"action":"HALT","instrumnet":"ETH-USD","by":"eve","reason":"typo","at":"%s"}""".formatted(T0));
        assertThat(refusals).singleElement().satisfies(r -> assertThat(r.reason()).contains("instrumnet"));
        intent("LONG", "1");
        assertThat(orders.readValue().venue()).isEqualTo("KRAKEN_SPOT");
    }

    @Test
    void setLimitsChangesOnlyTheLimitsItNamesAndNoneRemovesOne() {
        start(Map.of("TRADEOS_LIMITS_MAX_ORDER_NOTIONAL_USD", "150"));
        send(new ControlCommand(ControlCommand.Action.SET_LIMITS, null, null, null,
                tech.tradeos.execution.model.control.LimitChange.of("maxVenuePositionNotionalUsd", new BigDecimal("1000")),
                "carol", "venue cap", T0));
        intent("LONG", "2");
        assertThat(rejected.readValue().detail()).as("the order limit was not named: it stays")
                .contains("limits.max-order-notional-usd");
        sendRaw("limits/maxOrderNotionalUsd", """
                {"action":"SET_LIMITS","limits":{"maxOrderNotionalUsd":"none"},"by":"carol","reason":"lift","at":"%s"}""".formatted(T0));
        intent("LONG", "2");
        assertThat(orders.readValue()).as("removed by an explicit none").isNotNull();
        assertThat(refusals).isEmpty();
    }

    @Test
    void aTombstoneIsRefusedAndTheHaltHolds() {
        start(Map.of());
        send(cmd(ControlCommand.Action.HALT, null, null));
        sendRaw("halt/all", null);
        assertThat(refusals).singleElement().satisfies(r -> {
            assertThat(r.reason()).contains("tombstone");
            assertThat(r.held()).as("what is written again so compaction keeps it").isNotNull();
            assertThat(r.held().action()).isEqualTo(ControlCommand.Action.HALT);
        });
        intent("LONG", "1");
        assertThat(rejected.readValue().reason()).isEqualTo(RejectReason.HALTED);
    }

    @Test
    void anUnknownVenueOrInstrumentIsRefusedNeverApplied() {
        start(Map.of());
        send(cmd(ControlCommand.Action.HALT, null, "BTCUSD"));
        send(cmd(ControlCommand.Action.DISABLE_VENUE, "KRAKEN", null));
        assertThat(refusals).hasSize(2);
        assertThat(refusals.get(0).reason()).contains("unknown instrument BTCUSD");
        assertThat(refusals.get(1).reason()).contains("unknown venue KRAKEN");
        intent("LONG", "1");
        assertThat(orders.readValue().venue()).isEqualTo("KRAKEN_SPOT");
    }
}
