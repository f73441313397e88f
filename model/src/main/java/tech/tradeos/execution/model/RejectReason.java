package tech.tradeos.execution.model;

/** Why an intent was not routed (docs/README.md §Messages). */
public enum RejectReason {
    INVALID_INTENT,
    UNKNOWN_INSTRUMENT,
    NO_ELIGIBLE_VENUE,
    NO_POSITION,
    CLOSE_EXCEEDS_POSITION,
    NO_MARKET_DATA,
    RECONCILE_TIMEOUT,
    /** Created longer than {@code routing.max-intent-age} before it reached the router: a stale signal is not traded. */
    EXPIRED,
    /** Trading is halted for everything or for the instrument (execution.control); the detail names who and why. */
    HALTED,
    /** Over one of the router's limits (limits.*); the detail names the limit. */
    LIMIT_EXCEEDED
}
