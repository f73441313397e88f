package tech.tradeos.execution.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static tech.tradeos.execution.topology.RouterTopologyTest.book;
import static tech.tradeos.execution.topology.RouterTopologyTest.utf8;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
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
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.Mode;
import tech.tradeos.execution.model.RejectReason;
import tech.tradeos.execution.model.Rejection;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.Side;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.position.Position;
import tech.tradeos.execution.model.position.PositionLedger;
import tech.tradeos.execution.model.position.PositionStatus;
import tech.tradeos.execution.model.topic.Topics;
import tech.tradeos.execution.topology.metrics.RouterMetrics;
import tech.tradeos.execution.topology.state.RouterStores;

/** docs/README.md §Positions on the topology: CLOSE intents, unconfirmed and unknown positions, reconciliation, order. */
class PositionRoutingTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private Properties props;
    private TestInputTopic<byte[], byte[]> books;
    private TestInputTopic<byte[], byte[]> intents;
    private TestInputTopic<byte[], byte[]> fillsIn;
    private TestOutputTopic<String, RoutedOrder> orders;
    private TestOutputTopic<String, Rejection> rejected;
    private TestOutputTopic<String, Fill> fills;
    /** The ledger as the router reads it; empty = neither Redis nor PostgreSQL answers. */
    private final AtomicReference<Optional<List<Position>>> ledger = new AtomicReference<>(Optional.of(List.of()));

    private void start(String mode) {
        TradeosConfig config = ConfigLoader.load(null, Map.of("TRADEOS_MODE", mode));
        props = RouterStreamsConfig.properties(config);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(RouterTopology.build(config, new RouterMetrics(new SimpleMeterRegistry()),
                PositionLedger.inMemory(() -> ledger.get().isPresent(), instrument -> ledger.get())), props, T0);
        Topics topics = Topics.from(config.topics());
        ByteArraySerializer bytes = new ByteArraySerializer();
        books = driver.createInputTopic(topics.orderbook().name(), bytes, bytes);
        intents = driver.createInputTopic(topics.intentsApproved().name(), bytes, bytes);
        fillsIn = driver.createInputTopic(topics.fillsIn().name(), bytes, bytes);
        orders = driver.createOutputTopic(topics.ordersRouted().name(), new StringDeserializer(), topics.ordersRouted().valueSerde().deserializer());
        rejected = driver.createOutputTopic(topics.intentsRejected().name(), new StringDeserializer(), topics.intentsRejected().valueSerde().deserializer());
        fills = driver.createOutputTopic(topics.fills().name(), new StringDeserializer(), topics.fills().valueSerde().deserializer());
        // Kraken Spot is the cheaper buy, Gemini the better sell
        books.pipeInput(null, utf8(book("KRAKEN_SPOT", T0.minusMillis(10), 1, "99", "100")));
        books.pipeInput(null, utf8(book("GEMINI", T0.minusMillis(10), 1, "105", "106")));
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private static String intent(String id, String direction, String action, String qty) {
        return """
                {"intentId":"%s","instrument":"BTC-USD","direction":"%s","action":"%s","quantity":"%s",
                 "signalType":"momentum","createdAt":"%s"}""".formatted(id, direction, action, qty, T0);
    }

    private static Position ledgerPosition(String venue, String qty, PositionStatus status) {
        return new Position("BTC-USD", venue, new BigDecimal(qty), new BigDecimal("100"), BigDecimal.ZERO, BigDecimal.ZERO,
                status, "momentum", status == PositionStatus.UNCONFIRMED ? 1 : 0, 3, T0, null, null);
    }

    @Test
    void aCloseGoesToTheVenueThatHoldsThePosition() {
        start("PAPER");
        intents.pipeInput(null, utf8(intent("open", "LONG", "OPEN", "1")));
        assertThat(orders.readValue().venue()).isEqualTo("KRAKEN_SPOT");
        intents.pipeInput(null, utf8(intent("close", "LONG", "CLOSE", "1")));
        RoutedOrder close = orders.readValue();
        assertThat(close.venue()).as("Gemini's bid is better, but the position is on Kraken").isEqualTo("KRAKEN_SPOT");
        assertThat(close.side()).isEqualTo(Side.SELL);
        assertThat(close.carry()).isEqualByComparingTo("0");
        assertThat(close.candidates()).filteredOn(c -> c.venue().equals("GEMINI"))
                .extracting(c -> c.reason()).containsExactly(CandidateReason.NOT_POSITION_VENUE);
        assertThat(fills.readValuesToList()).hasSize(2);
    }

    @Test
    void closingWhatIsNotHeldIsRejected() {
        start("PAPER");
        intents.pipeInput(null, utf8(intent("c-1", "LONG", "CLOSE", "1")));
        intents.pipeInput(null, utf8(intent("open", "LONG", "OPEN", "1")));
        intents.pipeInput(null, utf8(intent("c-2", "LONG", "CLOSE", "1.5")));
        intents.pipeInput(null, utf8(intent("c-3", "SHORT", "CLOSE", "1")));
        List<Rejection> rejections = rejected.readValuesToList();
        assertThat(rejections).extracting(Rejection::reason).containsExactly(
                RejectReason.NO_POSITION, RejectReason.CLOSE_EXCEEDS_POSITION, RejectReason.NO_POSITION);
        assertThat(rejections.get(1).detail()).isEqualTo("closing 1.5 of a 1 LONG position on KRAKEN_SPOT");
    }

    @Test
    void theLedgersPositionsSeedTheRoutersRecord() {
        ledger.set(Optional.of(List.of(ledgerPosition("KRAKEN_SPOT", "2", PositionStatus.OPEN))));
        start("PAPER");
        intents.pipeInput(null, utf8(intent("close", "LONG", "CLOSE", "2")));
        RoutedOrder close = orders.readValue();
        assertThat(close.venue()).isEqualTo("KRAKEN_SPOT");
        assertThat(close.side()).isEqualTo(Side.SELL);
    }

    @Test
    void anUnconfirmedLedgerPositionIsReconciledAgainstThePaperRecord() {
        // the sink saw the order but not yet the fill; the paper adapter's record has nothing pending
        ledger.set(Optional.of(List.of(ledgerPosition("KRAKEN_SPOT", "0", PositionStatus.UNCONFIRMED))));
        start("PAPER");
        intents.pipeInput(null, utf8(intent("open", "LONG", "OPEN", "1")));
        assertThat(orders.readValuesToList()).hasSize(1);
    }

    @Test
    void anOpenWaitsForTheFillOfTheOrderBeforeItAndThenRoutes() {
        start("LIVE");
        intents.pipeInput(null, utf8(intent("first", "LONG", "OPEN", "1")));
        RoutedOrder first = orders.readValue();
        intents.pipeInput(null, utf8(intent("second", "LONG", "OPEN", "1")));
        intents.pipeInput(null, utf8(intent("third", "LONG", "CLOSE", "1")));
        intents.pipeInput(null, utf8(intent("second", "LONG", "OPEN", "1"))); // a replay while held
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(orders.isEmpty()).as("held while the first order is unconfirmed").isTrue();

        fillsIn.pipeInput(utf8(first.orderId()), Json.bytes(liveFill(first, "100")));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        RoutedOrder second = orders.readValue();
        assertThat(second.intentId()).isEqualTo("second");
        assertThat(orders.isEmpty()).as("the CLOSE waits behind the second OPEN's fill").isTrue();

        fillsIn.pipeInput(utf8(second.orderId()), Json.bytes(liveFill(second, "100")));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        RoutedOrder third = orders.readValue();
        assertThat(third.intentId()).isEqualTo("third");
        assertThat(third.venue()).isEqualTo("KRAKEN_SPOT");
        assertThat(rejected.isEmpty()).isTrue();
    }

    private static tech.tradeos.execution.model.OrderUpdate finalUpdate(RoutedOrder order, tech.tradeos.execution.model.OrderState state,
                                                                         String filled) {
        return new tech.tradeos.execution.model.OrderUpdate(order.orderId(), order.intentId(), order.instrument(), order.venue(),
                order.orderId().substring(4), "O1", state, order.quantity(), new BigDecimal(filled), null, BigDecimal.ZERO,
                state == tech.tradeos.execution.model.OrderState.REJECTED ? "EOrder:Insufficient funds" : null, T0);
    }

    @Test
    void aLiveOrderTheVenueRejectedReleasesItsInstrumentAndAPartialFillKeepsItUntilTheRestIsSettled() {
        start("LIVE");
        TestInputTopic<byte[], byte[]> updates = driver.createInputTopic(
                Topics.from(ConfigLoader.load(null, Map.of()).topics()).ordersUpdatesIn().name(),
                new ByteArraySerializer(), new ByteArraySerializer());
        intents.pipeInput(null, utf8(intent("first", "LONG", "OPEN", "1")));
        RoutedOrder first = orders.readValue();
        intents.pipeInput(null, utf8(intent("second", "LONG", "OPEN", "1")));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(orders.isEmpty()).as("held behind the first, unsettled order").isTrue();

        updates.pipeInput(utf8(first.orderId()), Json.bytes(finalUpdate(first, tech.tradeos.execution.model.OrderState.REJECTED, "0")));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        RoutedOrder second = orders.readValue();
        assertThat(second.intentId()).as("the venue's reject released the instrument").isEqualTo("second");

        // the second fills 0.4 and the venue cancels the rest: pending until that 0.4 has filled
        intents.pipeInput(null, utf8(intent("third", "LONG", "OPEN", "1")));
        updates.pipeInput(utf8(second.orderId()), Json.bytes(finalUpdate(second, tech.tradeos.execution.model.OrderState.CANCELED, "0.4")));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(orders.isEmpty()).as("0.4 executed and not yet filled here").isTrue();
        Fill partial = new Fill("venue-fill-p", second.orderId(), second.intentId(), second.venue(), second.instrument(), second.side(),
                new BigDecimal("0.4"), new BigDecimal("100"), BigDecimal.ZERO, Mode.LIVE, second.expectedPrice(), second.arrivalMid(),
                BigDecimal.ZERO, second.signalType(), second.action(), second.direction(), T0);
        fillsIn.pipeInput(utf8(second.orderId()), Json.bytes(partial));
        fillsIn.pipeInput(utf8(second.orderId()), Json.bytes(partial)); // read twice: one fill
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(orders.readValue().intentId()).isEqualTo("third");
        assertThat(rejected.isEmpty()).isTrue();
        tech.tradeos.execution.model.position.RouterPositions record = (tech.tradeos.execution.model.position.RouterPositions)
                driver.getKeyValueStore(RouterStores.POSITIONS).get("BTC-USD");
        assertThat(record.quantity("KRAKEN_SPOT")).as("the fill read twice moved the record once").isEqualByComparingTo("0.4");
    }

    @Test
    void aHeldIntentIsRejectedWhenThePositionIsNotConfirmedInTime() {
        start("LIVE");
        intents.pipeInput(null, utf8(intent("first", "LONG", "OPEN", "1")));
        orders.readValue();
        intents.pipeInput(null, utf8(intent("second", "LONG", "OPEN", "1")));
        driver.advanceWallClockTime(Duration.ofSeconds(29));
        assertThat(rejected.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        Rejection timeout = rejected.readValue();
        assertThat(timeout.reason()).isEqualTo(RejectReason.RECONCILE_TIMEOUT);
        assertThat(timeout.intentId()).isEqualTo("second");
        assertThat(timeout.detail()).contains("orders routed without a confirmed fill");
        assertThat(orders.isEmpty()).isTrue();
    }

    @Test
    void unknownPositionsHoldTheIntentUntilTheLedgerAnswersAgain() {
        ledger.set(Optional.empty());
        start("PAPER");
        intents.pipeInput(null, utf8(intent("open", "LONG", "OPEN", "1")));
        driver.advanceWallClockTime(Duration.ofSeconds(3));
        assertThat(orders.isEmpty()).isTrue();
        ledger.set(Optional.of(List.of()));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(orders.readValue().intentId()).isEqualTo("open");
        assertThat(fills.readValuesToList()).hasSize(1);
    }

    @Test
    void thousandsOfHeldIntentsAreASmallStoreEntryEachAndLeaveInArrivalOrder() {
        ledger.set(Optional.empty());
        start("PAPER");
        int n = 3_000;
        for (int i = 0; i < n; i++) {
            intents.pipeInput(null, utf8(intent("held-" + i, "LONG", "OPEN", "0.001")));
        }
        intents.pipeInput(null, utf8(intent("held-7", "LONG", "OPEN", "0.001"))); // a replay while it waits
        String changelog = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG) + "-" + RouterStores.HELD + "-changelog";
        List<byte[]> written = driver.createOutputTopic(changelog, new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer()).readValuesToList();
        assertThat(written).as("one write per held intent, not the instrument's whole queue").hasSize(n);
        assertThat(written).allSatisfy(value -> assertThat(value.length).isLessThan(2_048));
        assertThat(orders.isEmpty()).isTrue();

        ledger.set(Optional.of(List.of()));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        List<RoutedOrder> routed = orders.readValuesToList();
        assertThat(routed).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(routed.get(i).intentId()).isEqualTo("held-" + i);
        }
        assertThat(rejected.isEmpty()).isTrue();
        try (var left = driver.getKeyValueStore(RouterStores.HELD).all()) {
            assertThat(left.hasNext()).isFalse();
        }
    }

    private static Fill liveFill(RoutedOrder order, String price) {
        return new Fill("venue-fill-" + order.orderId(), order.orderId(), order.intentId(), order.venue(), order.instrument(),
                order.side(), order.quantity(), new BigDecimal(price), BigDecimal.ZERO, Mode.LIVE, order.expectedPrice(),
                order.arrivalMid(), BigDecimal.ZERO, order.signalType(), order.action(), order.direction(), T0);
    }

}
