package tech.tradeos.execution.model.paper;

/**
 * Where a paper fill starts before the ATR-scaled slippage is added (docs/README.md §Routing, {@code paper.fill-model}).
 */
public enum PaperFillModel {
    /** The chosen venue's mid: the seed's model. Blind to depth: a large order fills near mid. */
    MID_ATR,
    /**
     * The VWAP of walking the chosen venue's current book at the order's size (beyond the visible depth, the rest
     * at the last level), the same walk the SOR priced: a large order pays for the depth it eats.
     */
    BOOK_WALK
}
