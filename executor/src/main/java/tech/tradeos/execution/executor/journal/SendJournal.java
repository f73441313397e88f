package tech.tradeos.execution.executor.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tech.tradeos.execution.model.OrderState;

/**
 * The durable record that an order may have been sent (docs/README.md §Live execution, "Send once"). The executor
 * claims an order here, and the claim is committed, before its placement request can leave; an order that has a
 * claim — whoever made it, before whatever crash — is never placed again, only looked up. Shared by every executor
 * of a deployment, so two executors that both hold a partition for a moment cannot both send.
 */
public interface SendJournal extends AutoCloseable {
    /** Journal states besides the order states: claimed, the request may have left, no outcome published yet. */
    String SENT = "SENT";

    /** One journaled order. {@code state}: {@link #SENT}, {@code UNKNOWN} or the final state published. */
    record Entry(String orderId, String venue, String instrument, String clientOrderId, String claimedBy, Instant claimedAt,
                 Instant venueDeadline, String state, String reason, String orderJson) {
        public boolean settled() {
            return !state.equals(SENT) && !state.equals(OrderState.UNKNOWN.name());
        }
    }

    /**
     * Claims the order: true when this call recorded it (nobody had — the caller may send it now), false when it
     * was already journaled (it may have been sent: look it up, never send it). Throws when the journal cannot be
     * written: then nothing may be sent.
     */
    boolean claim(Entry entry);

    Optional<Entry> get(String orderId);

    /** Records what was published for the order: UNKNOWN, or its final state. */
    void settle(String orderId, OrderState state, String reason);

    /** An operator's resolution of an UNKNOWN order: the final state, who resolved it and why. False if it was not UNKNOWN. */
    boolean resolveByHand(String orderId, OrderState state, String by, String reason);

    /** Orders UNKNOWN, or SENT and claimed before {@code sentBefore}, oldest first: the ones to look up again. */
    List<Entry> unresolved(Instant sentBefore, int limit);

    /** Takes the right to resolve {@code orderId} for {@code lease} (one resolver at a time across executors). */
    boolean lease(String orderId, String owner, Duration lease);

    @Override
    void close();
}
