package tech.tradeos.execution.executor.venue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One live venue, as the execution stage uses it (the contract is written out in {@code adapters/README.md}).
 * Calls block the executor's own I/O thread that makes them — never a Kafka thread — and are paced by the
 * venue's rate limit. A transient fault is a {@link VenueUnavailable}; a malformed or refusing answer is a
 * REJECTED {@link VenueOrder} with the reason, never another exception.
 */
public interface VenueAdapter extends AutoCloseable {
    /** The venue name of the config's venue table (e.g. {@code KRAKEN_SPOT}). */
    String venue();

    /** The venue's rules for {@code symbol} (lot step, tick, minimums), from its public instrument endpoint. */
    InstrumentRules rules(String symbol);

    /** Places the order; its answer (ACKED, or already final for an IOC order) or REJECTED with the venue's reason. */
    VenueOrder place(OrderRequest request);

    /**
     * The venue's view of the order placed under {@code clientOrderId} with its executions, looking no further back
     * than {@code placedAfter}; empty when the venue has no such order.
     */
    Optional<VenueOrder> find(String clientOrderId, String symbol, BigDecimal quantity, Instant placedAfter);

    /** The account's positions by venue symbol (signed contracts for futures; base-asset balances for spot). */
    Map<String, BigDecimal> positions();

    /** Whether the venue books funding on the account (a perpetual futures venue whose history this adapter reads). */
    default boolean booksFunding() {
        return false;
    }

    /** The funding payments booked on the account from {@code since} on, oldest first (a spot venue has none). */
    default List<FundingBooking> fundingPayments(Instant since) {
        return List.of();
    }

    @Override
    void close();
}
