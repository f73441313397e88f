package tech.tradeos.execution.model;

import java.time.Instant;
import java.util.List;

/**
 * A full L2 snapshot of one venue's book for one canonical instrument (docs/README.md §Messages). Bids strictly
 * descending, asks strictly ascending, best bid below best ask: anything else is refused here, so an
 * invalid book never reaches the router.
 */
public record BookSnapshot(
        String venue,
        String instrument,
        Instant timestamp,
        Long sequence,
        List<PriceLevel> bids,
        List<PriceLevel> asks) implements Versioned {

    /**
     * Levels a side at most: deeper books are refused (DLQ). The router walks a few dozen levels; a
     * bounded book keeps every record it writes (repartition, changelog) far below Kafka's 1 MB.
     */
    public static final int MAX_LEVELS = 1_000;

    public BookSnapshot {
        Checks.text(venue, "venue");
        Checks.text(instrument, "instrument");
        Checks.instant(timestamp, "timestamp");
        sequence = sequence == null ? 0L : sequence;
        bids = List.copyOf(Checks.required(bids, "bids"));
        asks = List.copyOf(Checks.required(asks, "asks"));
        if (bids.size() > MAX_LEVELS || asks.size() > MAX_LEVELS) {
            throw new IllegalArgumentException("book has " + bids.size() + " bids and " + asks.size() + " asks; at most "
                    + MAX_LEVELS + " levels a side");
        }
        if (bids.isEmpty() && asks.isEmpty()) {
            throw new IllegalArgumentException("book has no levels (bids and asks are both empty)");
        }
        checkMonotonic(bids, "bids", -1);
        checkMonotonic(asks, "asks", 1);
        if (!bids.isEmpty() && !asks.isEmpty()
                && bids.get(0).price().compareTo(asks.get(0).price()) >= 0) {
            throw new IllegalArgumentException("crossed book: best bid " + bids.get(0).price().toPlainString()
                    + " is not below best ask " + asks.get(0).price().toPlainString());
        }
    }

    private static void checkMonotonic(List<PriceLevel> levels, String field, int direction) {
        for (int i = 1; i < levels.size(); i++) {
            int cmp = levels.get(i).price().compareTo(levels.get(i - 1).price());
            if (cmp * direction <= 0) {
                throw new IllegalArgumentException(field + " must be strictly "
                        + (direction < 0 ? "descending" : "ascending") + ": level " + i + " price "
                        + levels.get(i).price().toPlainString() + " after "
                        + levels.get(i - 1).price().toPlainString());
            }
        }
    }

    /** (best bid + best ask) / 2; with one side empty, that side's best price; exact. */
    public java.math.BigDecimal mid() {
        if (bids.isEmpty()) {
            return asks.get(0).price();
        }
        if (asks.isEmpty()) {
            return bids.get(0).price();
        }
        return bids.get(0).price().add(asks.get(0).price()).divide(java.math.BigDecimal.valueOf(2));
    }

    /** best ask − best bid; zero when one side is empty. */
    public java.math.BigDecimal spread() {
        if (bids.isEmpty() || asks.isEmpty()) {
            return java.math.BigDecimal.ZERO;
        }
        return asks.get(0).price().subtract(bids.get(0).price());
    }

    /** The levels an order of this side takes: asks for a buy, bids for a sell. */
    public List<PriceLevel> levelsFor(Side side) {
        return side == Side.BUY ? asks : bids;
    }
}
