package tech.tradeos.execution.topology.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import tech.tradeos.execution.model.ApprovedIntent;

/**
 * The intents waiting, per instrument in arrival order, for the instrument's positions to be confirmed.
 * One store entry per intent — {@code instrument NUL sequence} — so holding one more writes one small
 * record, however many wait (a list per instrument was rewritten whole per intent: quadratic, and over the
 * broker's record limit at a few thousand held, exactly while the ledger is down). An instrument never
 * contains a control character, so the NUL cannot be part of it; the zero-padded sequence sorts as a number.
 */
public final class HeldQueue {
    /** One held intent, since when and why. */
    public record Held(ApprovedIntent intent, Instant heldAt, String reason) {
    }

    private static final char SEPARATOR = '\u0000';
    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, Held> store;

    public HeldQueue(KeyValueStore<String, Held> store) {
        this.store = store;
    }

    public boolean holdsAny(String instrument) {
        try (KeyValueIterator<String, Held> first = store.prefixScan(instrument + SEPARATOR, KEYS)) {
            return first.hasNext();
        }
    }

    /** Puts {@code held} behind the intents its instrument already holds. */
    public void append(Held held) {
        String instrument = held.intent().instrument();
        long next = 0;
        try (KeyValueIterator<String, Held> last = store.reverseRange(instrument + SEPARATOR, instrument + '\u0001')) {
            if (last.hasNext()) {
                String key = last.next().key;
                next = Long.parseLong(key.substring(key.lastIndexOf(SEPARATOR) + 1)) + 1;
            }
        }
        store.put(key(instrument, next), held);
    }

    /** Every held intent with its key, grouped by instrument, each instrument's in arrival order. */
    public List<KeyValue<String, Held>> all() {
        List<KeyValue<String, Held>> all = new ArrayList<>();
        try (KeyValueIterator<String, Held> entries = store.all()) {
            entries.forEachRemaining(all::add);
        }
        return all;
    }

    /** The instrument a key of {@link #all()} belongs to. */
    public static String instrumentOf(String key) {
        return key.substring(0, key.lastIndexOf(SEPARATOR));
    }

    public void remove(String key) {
        store.delete(key);
    }

    static String key(String instrument, long sequence) {
        return instrument + SEPARATOR + String.format("%019d", sequence);
    }
}
