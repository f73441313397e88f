package tech.tradeos.execution.model.routing;

import java.math.BigDecimal;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.Side;

/**
 * A validated snapshot prepared for routing: each side's prices and sizes as unscaled longs at one
 * scale per side, so that a book walk is exact integer arithmetic. Built once when the snapshot is
 * taken in, not per intent.
 */
public final class OrderBook {
    private final BookSnapshot snapshot;
    private final long timestampMillis;
    private final BookWalk.Levels bids;
    private final BookWalk.Levels asks;

    public OrderBook(BookSnapshot snapshot) {
        this.snapshot = snapshot;
        this.timestampMillis = snapshot.timestamp().toEpochMilli();
        this.bids = BookWalk.Levels.of(snapshot.bids());
        this.asks = BookWalk.Levels.of(snapshot.asks());
    }

    public BookSnapshot snapshot() {
        return snapshot;
    }

    public String venue() {
        return snapshot.venue();
    }

    public long timestampMillis() {
        return timestampMillis;
    }

    public BookWalk.Levels levels(Side side) {
        return side == Side.BUY ? asks : bids;
    }

    /** (best bid + best ask) / 2; with one side empty, that side's best price; exact. */
    public BigDecimal mid() {
        return snapshot.mid();
    }

    /** best ask − best bid; zero when one side is empty. */
    public BigDecimal spread() {
        return snapshot.spread();
    }
}
