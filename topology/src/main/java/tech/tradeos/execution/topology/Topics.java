package tech.tradeos.execution.topology;

import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.Rejection;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.config.TradeosConfig;

/**
 * Every topic the router reads or writes (SPEC §2), with its serdes. Inputs are read as raw bytes:
 * parsing is a step of the topology, so a bad record is dead-lettered with its reason and the
 * original bytes instead of failing in a deserializer. {@code fillsIn} is the fills topic as the router
 * reads it back: venue adapters' fills confirm the orders it routed.
 */
public record Topics(
        Topic<byte[], byte[]> intentsApproved,
        Topic<byte[], byte[]> orderbook,
        Topic<byte[], byte[]> funding,
        Topic<String, RoutedOrder> ordersRouted,
        Topic<String, Rejection> intentsRejected,
        Topic<String, Fill> fills,
        Topic<byte[], byte[]> fillsIn,
        Topic<byte[], byte[]> dlq) {

    private static final Serde<byte[]> BYTES = Serdes.ByteArray();
    private static final Serde<String> STRING = Serdes.String();

    public static Topics from(TradeosConfig.Topics names) {
        return new Topics(
                new Topic<>(names.intentsApproved(), BYTES, BYTES),
                new Topic<>(names.orderbook(), BYTES, BYTES),
                new Topic<>(names.funding(), BYTES, BYTES),
                new Topic<>(names.ordersRouted(), STRING, JsonSerde.of(RoutedOrder.class)),
                new Topic<>(names.intentsRejected(), STRING, JsonSerde.of(Rejection.class)),
                new Topic<>(names.fills(), STRING, JsonSerde.of(Fill.class)),
                new Topic<>(names.fills(), BYTES, BYTES),
                new Topic<>(names.dlq(), BYTES, BYTES));
    }

    /** Topics that hold the latest value per key and are compacted when the app creates them. */
    public List<String> compacted() {
        return List.of(orderbook.name(), funding.name());
    }

    public List<String> all() {
        return List.of(intentsApproved.name(), orderbook.name(), funding.name(), ordersRouted.name(),
                intentsRejected.name(), fills.name(), dlq.name());
    }
}
