package tech.tradeos.execution.model.topic;

import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.FundingPayment;
import tech.tradeos.execution.model.OrderUpdate;
import tech.tradeos.execution.model.control.ControlCommand;
import tech.tradeos.execution.model.Rejection;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.tca.TcaUpdate;

/**
 * Every topic the product reads or writes, with its serdes: the one registry the router, the sink, the
 * demo and the benchmarks use (names from {@code topics.*}; the contract is {@code docs/asyncapi.yaml}).
 * Inputs are read as raw bytes: parsing is a step of the topology, so a bad record is dead-lettered with
 * its reason and the original bytes instead of failing in a deserializer. {@code fillsIn} is the fills
 * topic as the router and the sink read it back ({@code ordersRoutedIn}, {@code ordersUpdatesIn} likewise);
 * {@code tca} is compacted by signal type.
 */
public record Topics(
        Topic<byte[], byte[]> intentsApproved,
        Topic<byte[], byte[]> orderbook,
        Topic<byte[], byte[]> funding,
        Topic<String, RoutedOrder> ordersRouted,
        Topic<String, Rejection> intentsRejected,
        Topic<String, Fill> fills,
        Topic<byte[], byte[]> fillsIn,
        Topic<byte[], byte[]> ordersRoutedIn,
        Topic<String, TcaUpdate> tca,
        Topic<byte[], byte[]> dlq,
        Topic<String, OrderUpdate> ordersUpdates,
        Topic<byte[], byte[]> ordersUpdatesIn,
        Topic<String, ControlCommand> control,
        Topic<String, FundingPayment> fundingPayments,
        Topic<byte[], byte[]> fundingPaymentsIn) {

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
                new Topic<>(names.ordersRouted(), BYTES, BYTES),
                new Topic<>(names.tca(), STRING, JsonSerde.of(TcaUpdate.class)),
                new Topic<>(names.dlq(), BYTES, BYTES),
                new Topic<>(names.ordersUpdates(), STRING, JsonSerde.of(OrderUpdate.class)),
                new Topic<>(names.ordersUpdates(), BYTES, BYTES),
                new Topic<>(names.control(), STRING, JsonSerde.of(ControlCommand.class)),
                new Topic<>(names.fundingPayments(), STRING, JsonSerde.of(FundingPayment.class)),
                new Topic<>(names.fundingPayments(), BYTES, BYTES));
    }

    public static Topics from(TradeosConfig config) {
        return from(config.topics());
    }

    /** Topics that hold the latest value per key and are compacted when the app creates them. */
    public List<String> compacted() {
        return List.of(orderbook.name(), funding.name(), tca.name(), control.name());
    }

    /** Every topic, each name once: what the router and the sink create when missing. */
    public List<String> all() {
        return List.of(intentsApproved.name(), orderbook.name(), funding.name(), ordersRouted.name(),
                intentsRejected.name(), fills.name(), tca.name(), dlq.name(), ordersUpdates.name(), control.name(),
                fundingPayments.name());
    }
}
