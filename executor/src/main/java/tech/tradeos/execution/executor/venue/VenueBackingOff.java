package tech.tradeos.execution.executor.venue;

import java.time.Instant;

/**
 * The venue refused the request for its rate limit (HTTP 429, 418, a "too frequent" 403) or asked to be left alone
 * until {@link #until}, and the executor honours that: the request was not taken — Binance "HTTP 429 return code is
 * used when breaking a request rate limit", the request is refused before it reaches the matching engine — so a
 * placement that ends here was not placed.
 */
public final class VenueBackingOff extends VenueUnavailable {
    private final Instant until;

    public VenueBackingOff(String message, Instant until) {
        super(message);
        this.until = until;
    }

    public Instant until() {
        return until;
    }
}
