package tech.tradeos.execution.executor;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import tech.tradeos.execution.model.RoutedOrder;

/**
 * What one live venue connector implements (the contract is written out in {@code adapters/README.md}).
 * The execution stage — not the router — calls it: a LIVE order leaves the router on
 * {@code execution.orders.routed}, the stage consumes it, places it through the adapter of
 * {@code order.venue()} and publishes what comes back as order updates and fills. Every call returns at
 * once and completes on the adapter's own I/O threads; none is ever made inside a Kafka transaction.
 */
public interface VenueAdapter extends AutoCloseable {
    /** The venue name of the config's venue table (e.g. {@code KRAKEN_SPOT}). */
    String venue();

    /**
     * Places {@code order} under {@code clientOrderId} (derived from the orderId in the venue's allowed
     * format): the idempotency key. Placing the same client id twice must never make two venue orders.
     */
    CompletableFuture<VenueOrder> place(RoutedOrder order, String clientOrderId);

    /** The venue's view of the order placed under {@code clientOrderId}; empty when the venue never received it. */
    CompletableFuture<Optional<VenueOrder>> find(String clientOrderId);

    /** The venue's executions of that order, each with the venue's trade id (the fill's idempotency key). */
    CompletableFuture<List<VenueOrder.Execution>> executions(String clientOrderId);

    @Override
    void close();
}
