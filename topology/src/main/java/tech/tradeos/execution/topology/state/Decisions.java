package tech.tradeos.execution.topology.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The dedupe memory: what was done with each intentId, and a time index of it ({@code epoch-ms NUL intentId},
 * the milliseconds zero-padded so keys sort by time) so forgetting decisions older than
 * {@code routing.dedupe-retention} reads only those, a bounded batch at a time, instead of parsing every
 * decision the store holds on the stream thread.
 */
public final class Decisions {
    private static final char SEPARATOR = '\u0000';

    private final KeyValueStore<String, RoutingRecord> byIntent;
    private final KeyValueStore<String, String> byTime;

    public Decisions(KeyValueStore<String, RoutingRecord> byIntent, KeyValueStore<String, String> byTime) {
        this.byIntent = byIntent;
        this.byTime = byTime;
    }

    public RoutingRecord get(String intentId) {
        return byIntent.get(intentId);
    }

    /** Records {@code record} as decided at {@code at}, the time its retention counts from. */
    public void record(RoutingRecord record, Instant at) {
        byIntent.put(record.intentId(), record);
        byTime.put(timeKey(at.toEpochMilli(), record.intentId()), "");
    }

    /** Replaces a decision's record without moving its time (a fill confirming an order). */
    public void update(RoutingRecord record) {
        byIntent.put(record.intentId(), record);
    }

    /**
     * Forgets at most {@code limit} decisions made before {@code cutoffMs}; returns how many index entries it
     * read, so a caller can tell whether more are due. An index entry whose decision was re-recorded later
     * (a held intent routed) is dropped without forgetting the decision.
     */
    public int forgetBefore(long cutoffMs, int limit) {
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, String> old = byTime.range(timeKey(0, ""), timeKey(cutoffMs, ""))) {
            while (old.hasNext() && due.size() < limit) {
                due.add(old.next().key);
            }
        }
        for (String key : due) {
            String intentId = key.substring(key.indexOf(SEPARATOR) + 1);
            RoutingRecord record = byIntent.get(intentId);
            if (record != null && record.decidedAt() != null && record.decidedAt().toEpochMilli() < cutoffMs) {
                byIntent.delete(intentId);
            }
            byTime.delete(key);
        }
        return due.size();
    }

    /**
     * Indexes decisions stored before the index existed (a store restored from an earlier version), once:
     * when the index is empty and the decisions are not. Returns how many it indexed.
     */
    public int indexUnindexed() {
        try (KeyValueIterator<String, String> any = byTime.all()) {
            if (any.hasNext()) {
                return 0;
            }
        }
        List<KeyValue<String, String>> index = new ArrayList<>();
        try (KeyValueIterator<String, RoutingRecord> all = byIntent.all()) {
            all.forEachRemaining(e -> {
                Instant at = e.value.decidedAt();
                index.add(KeyValue.pair(timeKey(at == null ? 0 : at.toEpochMilli(), e.key), ""));
            });
        }
        byTime.putAll(index);
        return index.size();
    }

    static String timeKey(long epochMs, String intentId) {
        return String.format("%019d", Math.max(0, epochMs)) + SEPARATOR + intentId;
    }
}
