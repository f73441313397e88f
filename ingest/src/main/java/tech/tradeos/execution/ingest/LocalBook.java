package tech.tradeos.execution.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.PriceLevel;

/**
 * One venue's book for one instrument as the bridge holds it: a snapshot replaces it, a delta changes levels
 * (size 0 removes the level). Until the first snapshot — and again after anything that breaks the chain, a
 * crossed book — deltas are refused and the bridge waits for the next snapshot.
 */
final class LocalBook {
    private final String venue;
    private final String instrument;
    private final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
    private boolean synced;
    private Instant timestamp;
    private String timeSource;
    private long sequence;

    LocalBook(String venue, String instrument) {
        this.venue = venue;
        this.instrument = instrument;
    }

    boolean synced() {
        return synced;
    }

    void snapshot(Map<BigDecimal, BigDecimal> bidLevels, Map<BigDecimal, BigDecimal> askLevels, CryptofeedMessage.Stamp at) {
        bids.clear();
        asks.clear();
        bidLevels.forEach((p, q) -> put(bids, p, q));
        askLevels.forEach((p, q) -> put(asks, p, q));
        timestamp = at.at();
        timeSource = at.source();
        sequence++;
        synced = !crossed();
    }

    /** Applies a delta; false (and the book waits for a snapshot) when there is no snapshot to apply it to. */
    boolean delta(List<BigDecimal[]> bidChanges, List<BigDecimal[]> askChanges, CryptofeedMessage.Stamp at) {
        if (!synced) {
            return false;
        }
        bidChanges.forEach(c -> put(bids, c[0], c[1]));
        askChanges.forEach(c -> put(asks, c[0], c[1]));
        timestamp = at.at();
        timeSource = at.source();
        sequence++;
        if (crossed()) {
            synced = false; // a crossed book means a change was missed: the next snapshot repairs it
            return false;
        }
        return true;
    }

    /** Where the last update's time came from: {@code exchange} or {@code receipt}. */
    String timeSource() {
        return timeSource;
    }

    /** The book's top {@code depth} levels a side, in the router's format; null while it is not usable. */
    BookSnapshot toSnapshot(int depth) {
        if (!synced || bids.isEmpty() || asks.isEmpty()) {
            return null;
        }
        return new BookSnapshot(venue, instrument, timestamp, sequence, levels(bids, depth), levels(asks, depth));
    }

    /** The mid, for a funding rate given in absolute terms; null without a usable book. */
    BigDecimal mid() {
        if (!synced || bids.isEmpty() || asks.isEmpty()) {
            return null;
        }
        return bids.firstKey().add(asks.firstKey()).divide(BigDecimal.valueOf(2));
    }

    private boolean crossed() {
        return !bids.isEmpty() && !asks.isEmpty() && bids.firstKey().compareTo(asks.firstKey()) >= 0;
    }

    private static void put(TreeMap<BigDecimal, BigDecimal> side, BigDecimal price, BigDecimal size) {
        if (size.signum() == 0) {
            side.remove(price);
        } else {
            side.put(price, size);
        }
    }

    private static List<PriceLevel> levels(TreeMap<BigDecimal, BigDecimal> side, int depth) {
        List<PriceLevel> out = new ArrayList<>(Math.min(depth, side.size()));
        for (Map.Entry<BigDecimal, BigDecimal> e : side.entrySet()) {
            if (out.size() >= depth) {
                break;
            }
            out.add(new PriceLevel(e.getKey(), e.getValue()));
        }
        return out;
    }
}
