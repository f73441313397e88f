package tech.tradeos.execution.model;

/**
 * Why a venue was not eligible for an intent. Declared in the order docs/README.md §Routing reports them: the first
 * that applies is the one a candidate carries.
 */
public enum CandidateReason {
    REGION_BLOCKED,
    VENUE_DISABLED,
    MARKET_NOT_ALLOWED,
    SHORT_NOT_SUPPORTED,
    NOT_POSITION_VENUE,
    NO_BOOK,
    STALE_BOOK,
    NO_FUNDING_DATA,
    INSUFFICIENT_DEPTH;

    /** Reasons that say the venue may not take this intent at all, whatever its market data. */
    public boolean isStructural() {
        return ordinal() <= NOT_POSITION_VENUE.ordinal();
    }
}
