package tech.tradeos.execution.executor.venue;

/**
 * A venue did not give a usable answer this time — a timeout, a connection failure, a 5xx, a 429 or the
 * venue's own rate-limit or busy error: the request may or may not have taken effect, so the executor looks
 * the order up by its client id before anything else. Never carries a credential.
 */
public class VenueUnavailable extends RuntimeException {
    public VenueUnavailable(String message) {
        super(message);
    }
}
