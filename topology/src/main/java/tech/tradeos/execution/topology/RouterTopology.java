package tech.tradeos.execution.topology;

import static tech.tradeos.execution.topology.StreamsTopics.consumed;
import static tech.tradeos.execution.topology.StreamsTopics.produced;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.Stores;
import tech.tradeos.execution.model.control.ControlCommand;
import tech.tradeos.execution.model.topic.JsonSerde;
import tech.tradeos.execution.topology.control.ControlBoard;
import tech.tradeos.execution.topology.control.ControlStoreUpdater;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.OrderUpdate;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.Mode;
import tech.tradeos.execution.model.Rejection;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.position.PositionLedger;
import tech.tradeos.execution.model.routing.Quotes;
import tech.tradeos.execution.model.routing.SmartOrderRouter;
import tech.tradeos.execution.model.topic.Topic;
import tech.tradeos.execution.model.topic.Topics;
import tech.tradeos.execution.topology.metrics.RouterMetrics;
import tech.tradeos.execution.topology.processor.InstrumentEvent;
import tech.tradeos.execution.topology.processor.IntentCommits;
import tech.tradeos.execution.topology.processor.MarketDataCheck;
import tech.tradeos.execution.topology.processor.PaperFiller;
import tech.tradeos.execution.topology.processor.ParseProcessor;
import tech.tradeos.execution.topology.processor.Parsed;
import tech.tradeos.execution.topology.processor.Placement;
import tech.tradeos.execution.topology.processor.RouterOutput;
import tech.tradeos.execution.topology.processor.SorProcessor;
import tech.tradeos.execution.topology.state.MarketSerdes;
import tech.tradeos.execution.topology.state.RouterStores;

/**
 * The router topology, in one place:
 * <pre>
 *   orderbook ─parse─┐                    ┌─ in place ──────────────────┐            ┌─► execution.orders.routed
 *   funding ───parse─┼─► key by instrument┤                             ├► route-intent┼─► execution.intents.rejected
 *   intents ───parse─┘                    └─ moved ─┬─► repartition ────┘            └─► execution.fills (PAPER)
 *   fills, order updates ─parse─────────────────────┘   (market-, decisions-, positions-, held-intents-store)
 *   (bad bytes → execution.dlq; invalid intents → rejected)
 * </pre>
 * Every record of an instrument is routed by the task that owns its partition of the instrument repartition
 * topic, so one task holds all venues' state for it. That task also reads the same partition of every input
 * (one sub-topology): a record keyed by its instrument that already sits in that partition is routed there
 * at once, and only the others (other keys, other partitions, fills keyed by orderId) take the repartition hop
 * ({@link Placement}). With {@code kafka.inputs-keyed-by-instrument} (strict) the inputs must be in place
 * (others go to the DLQ) and only fills are repartitioned. {@link #build} starts nothing; the launcher and
 * the tests run the same topology.
 */
public final class RouterTopology {
    public static final String INSTRUMENT_REPARTITION = "instrument-events";
    public static final String FILLS_REPARTITION = "fills-by-instrument";

    private RouterTopology() {
    }

    public static Topology build(TradeosConfig config, RouterMetrics metrics) {
        return build(config, metrics, PositionLedger.NONE);
    }

    /** The topology; {@code ledger} reads the authoritative positions (Redis, then PostgreSQL). */
    public static Topology build(TradeosConfig config, RouterMetrics metrics, PositionLedger ledger) {
        return build(config, metrics, ledger, config.kafka().partitions());
    }

    /**
     * The topology for input topics of {@code inputPartitions} partitions each (used only with
     * {@code kafka.inputs-keyed-by-instrument}, where a record must sit in its instrument's partition).
     */
    public static Topology build(TradeosConfig config, RouterMetrics metrics, PositionLedger ledger, int inputPartitions) {
        return build(config, metrics, ledger, inputPartitions, new ControlBoard(config));
    }

    /** The topology, with {@code board} holding the operator's instructions for this instance (the ops HTTP reads it too). */
    public static Topology build(TradeosConfig config, RouterMetrics metrics, PositionLedger ledger, int inputPartitions,
                                 ControlBoard board) {
        Placement placement = config.kafka().inputsKeyedByInstrument()
                ? Placement.strict(inputPartitions) : Placement.fastPath(config.kafka().partitions());
        Topics topics = Topics.from(config.topics());
        StreamsBuilder builder = new StreamsBuilder();
        RouterStores.builders().forEach(builder::addStateStore);
        // every instance reads every operator instruction (halts, venue switches, fees, limits)
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ControlStoreUpdater.STORE),
                        Serdes.String(), JsonSerde.of(ControlCommand.class)).withLoggingDisabled(),
                topics.control().name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("control-source"),
                () -> new ControlStoreUpdater(board));

        KStream<String, Parsed.Valid> books = parsed(builder, topics, topics.orderbook(), "book", metrics, placement, config,
                (key, value) -> new Parsed.Valid(InstrumentEvent.of(Json.read(value, BookSnapshot.class))));
        KStream<String, Parsed.Valid> funding = parsed(builder, topics, topics.funding(), "funding", metrics, placement, config,
                (key, value) -> new Parsed.Valid(InstrumentEvent.of(Json.read(value, FundingRate.class))));
        KStream<String, Parsed.Valid> intents = parsed(builder, topics, topics.intentsApproved(), "intent", metrics, placement, config,
                RouterTopology::readIntent);
        KStream<String, InstrumentEvent> fills = parsed(builder, topics, topics.fillsIn(), "fill", metrics, Placement.MOVED, config,
                (key, value) -> new Parsed.Valid(InstrumentEvent.of(Json.read(value, Fill.class))))
                // a live order's updates release its pending order (LIVE mode; nothing is published on it in PAPER)
                .merge(parsed(builder, topics, topics.ordersUpdatesIn(), "order-update", metrics, Placement.MOVED, config,
                        (key, value) -> new Parsed.Valid(InstrumentEvent.of(Json.read(value, OrderUpdate.class)))),
                        Named.as("merge-order-updates"))
                .mapValues(Parsed.Valid::event, Named.as("fill-events"));

        SmartOrderRouter router = new SmartOrderRouter(config);
        PaperFiller paper = config.mode() == Mode.PAPER ? new PaperFiller(config) : null;
        KStream<String, Parsed.Valid> inputs = books.merge(funding, Named.as("merge-market-data"))
                .merge(intents, Named.as("merge-intents"));
        KStream<String, InstrumentEvent> byInstrument;
        if (placement.strict()) {
            // every input already sits in its instrument's partition; fills (keyed by orderId) are moved there
            byInstrument = inputs.mapValues(Parsed.Valid::event, Named.as("input-events"))
                    .merge(fills.repartition(Repartitioned.<String, InstrumentEvent>as(FILLS_REPARTITION)
                            .withKeySerde(Serdes.String())
                            .withValueSerde(MarketSerdes.instrumentEvents())
                            .withNumberOfPartitions(inputPartitions)), Named.as("merge-fills"));
        } else {
            // records keyed by instrument in the instrument's partition are routed here, in the input's task; the
            // rest (and fills) take the hop into the same task: it reads the same partition of the repartition topic
            Map<String, KStream<String, Parsed.Valid>> placed = inputs.split(Named.as("placed-"))
                    .branch((k, v) -> v.inPlace(), Branched.as("in-place"))
                    .defaultBranch(Branched.as("moved"));
            KStream<String, InstrumentEvent> moved = placed.get("placed-moved")
                    .mapValues(Parsed.Valid::event, Named.as("moved-events"))
                    .merge(fills, Named.as("merge-fills"))
                    .repartition(Repartitioned.<String, InstrumentEvent>as(INSTRUMENT_REPARTITION)
                            .withKeySerde(Serdes.String())
                            .withValueSerde(MarketSerdes.instrumentEvents())
                            .withNumberOfPartitions(placement.partitions()));
            byInstrument = placed.get("placed-in-place").mapValues(Parsed.Valid::event, Named.as("in-place-events"))
                    .merge(moved, Named.as("merge-moved"));
        }
        byInstrument.process(() -> new SorProcessor(router, paper, ledger, metrics, IntentCommits.of(config), board), Named.as("route-intent"),
                        RouterStores.ALL.toArray(String[]::new))
                .split(Named.as("output-"))
                .branch((k, v) -> v instanceof RouterOutput.Order, Branched.withConsumer(s -> s
                        .mapValues(v -> ((RouterOutput.Order) v).order(), Named.as("order-value"))
                        .to(topics.ordersRouted().name(), produced(topics.ordersRouted(), "orders-routed-sink")), "orders"))
                .branch((k, v) -> v instanceof RouterOutput.Rejected, Branched.withConsumer(s -> s
                        .mapValues(v -> ((RouterOutput.Rejected) v).rejection(), Named.as("rejection-value"))
                        .to(topics.intentsRejected().name(), produced(topics.intentsRejected(), "rejected-sink")), "rejections"))
                .branch((k, v) -> v instanceof RouterOutput.Filled, Branched.withConsumer(s -> s
                        .mapValues(v -> ((RouterOutput.Filled) v).fill(), Named.as("fill-value"))
                        .to(topics.fills().name(), produced(topics.fills(), "fills-sink")), "fills"))
                .noDefaultBranch();
        return builder.build();
    }

    /**
     * One input topic read as bytes and parsed: unreadable records go to the DLQ (with their reason in
     * headers), invalid intents to the rejected topic, and the rest on, keyed by instrument.
     */
    private static KStream<String, Parsed.Valid> parsed(StreamsBuilder builder, Topics topics,
                                                        Topic<byte[], byte[]> topic, String kind,
                                                        RouterMetrics metrics, Placement placement,
                                                        TradeosConfig config, ParseProcessor.Reader reader) {
        Map<String, KStream<byte[], Parsed>> branches = builder.stream(topic.name(), consumed(topic, kind + "-source"))
                .processValues(() -> new ParseProcessor(reader, new MarketDataCheck(config), metrics, placement,
                        IntentCommits.of(config)), Named.as("parse-" + kind))
                .split(Named.as(kind + "-"))
                .branch((k, v) -> v instanceof Parsed.Dead, Branched.withConsumer(s -> s
                        .mapValues(v -> ((Parsed.Dead) v).value(), Named.as(kind + "-dlq-value"))
                        .to(topics.dlq().name(), produced(topics.dlq(), kind + "-dlq-sink")), "dead"))
                .branch((k, v) -> v instanceof Parsed.Invalid, Branched.withConsumer(s -> s
                        .map((k, v) -> KeyValue.pair(((Parsed.Invalid) v).key(), ((Parsed.Invalid) v).rejection()),
                                Named.as(kind + "-rejection"))
                        .to(topics.intentsRejected().name(), produced(topics.intentsRejected(), kind + "-rejected-sink")), "invalid"))
                .defaultBranch(Branched.as("valid"));
        return branches.get(kind + "-valid").map((k, v) -> {
            Parsed.Valid valid = (Parsed.Valid) v;
            return KeyValue.pair(valid.event().instrument(), valid);
        }, Named.as("key-" + kind + "-by-instrument"));
    }

    /** Malformed JSON is unreadable (DLQ); a JSON object that is not a valid intent is rejected INVALID_INTENT. */
    private static Parsed readIntent(byte[] key, byte[] value) throws IOException {
        Quotes.Read read = Quotes.read(Json.MAPPER.readTree(value), Instant.now());
        if (read instanceof Quotes.Valid valid) {
            return new Parsed.Valid(InstrumentEvent.of(valid.intent()));
        }
        Rejection rejection = ((Quotes.Invalid) read).rejection();
        String outKey = rejection.intentId() != null ? rejection.intentId()
                : key == null ? null : new String(key, StandardCharsets.UTF_8);
        return new Parsed.Invalid(outKey, rejection);
    }
}
