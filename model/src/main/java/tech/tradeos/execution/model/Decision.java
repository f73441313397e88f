package tech.tradeos.execution.model;

/** How the SOR chose the venue of a routed order. */
public enum Decision {
    /** The lowest total cost among eligible venues. */
    BEST_COST,
    /** No venue was eligible (stale or missing data): the first allowed venue of the region's priority list. */
    FALLBACK_PRIORITY
}
