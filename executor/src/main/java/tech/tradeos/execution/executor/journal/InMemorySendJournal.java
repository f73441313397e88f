package tech.tradeos.execution.executor.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tech.tradeos.execution.model.OrderState;

/**
 * A send journal in memory, for tests and benchmarks of the execution itself: it forgets everything when the process
 * ends, so a deployment never uses it ({@link PostgresSendJournal} is what the executor runs on).
 */
public final class InMemorySendJournal implements SendJournal {
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Instant> leases = new ConcurrentHashMap<>();

    @Override
    public boolean claim(Entry entry) {
        return entries.putIfAbsent(entry.orderId(), entry) == null;
    }

    @Override
    public Optional<Entry> get(String orderId) {
        return Optional.ofNullable(entries.get(orderId));
    }

    @Override
    public void settle(String orderId, OrderState state, String reason) {
        entries.computeIfPresent(orderId, (id, e) -> e.settled() ? e : with(e, state.name(), reason));
    }

    @Override
    public boolean resolveByHand(String orderId, OrderState state, String by, String reason) {
        Entry before = entries.get(orderId);
        if (before == null || before.settled()) {
            return false;
        }
        entries.put(orderId, with(before, state.name(), reason + " (by " + by + ")"));
        return true;
    }

    @Override
    public List<Entry> unresolved(Instant sentBefore, int limit) {
        return entries.values().stream()
                .filter(e -> e.state().equals(OrderState.UNKNOWN.name()) || (e.state().equals(SENT) && e.claimedAt().isBefore(sentBefore)))
                .sorted(Comparator.comparing(Entry::claimedAt)).limit(limit).toList();
    }

    @Override
    public boolean lease(String orderId, String owner, Duration lease) {
        Instant now = Instant.now();
        Instant until = leases.get(orderId);
        if (until != null && until.isAfter(now)) {
            return false;
        }
        leases.put(orderId, now.plus(lease));
        return true;
    }

    /** Everything journaled, by orderId: what tests compare with the venue's placements. */
    public Map<String, Entry> entries() {
        return Map.copyOf(entries);
    }

    private static Entry with(Entry e, String state, String reason) {
        return new Entry(e.orderId(), e.venue(), e.instrument(), e.clientOrderId(), e.claimedBy(), e.claimedAt(), e.venueDeadline(),
                state, reason, e.orderJson());
    }

    @Override
    public void close() {
        // nothing held
    }
}
