package tech.tradeos.execution.executor.sim;

import java.util.Random;

/**
 * The faults the simulator injects into order placement, each with a probability (0–1), set at start or by
 * {@code POST /sim/faults}: added latency, a 5xx before anything happens, a 429, an order accepted and
 * matched whose response is lost (the connection closes without an answer), a venue reject, and a partial
 * fill (an IOC order filled only in part, the rest canceled); then (added later, kept last so the old arity still
 * builds): an order accepted and matched answered with a 5xx ({@code acceptedThenError}; Binance's body is -1007
 * "Timeout waiting for response from backend server. Send status unknown; execution status unknown."), a placement's
 * answer whose headers go out at once and whose body follows {@code stallBodyMs} later ({@code stallBody}, a
 * probability), and a 429 storm: while {@code rateLimitStorm} is on every venue request is answered 429 with
 * {@code Retry-After: retryAfterSeconds}.
 */
public record Faults(long latencyMs, double serverError, double tooManyRequests, double lostResponse, double reject,
                     double partialFill, long seed, double acceptedThenError, long stallBodyMs, double stallBody,
                     boolean rateLimitStorm, int retryAfterSeconds) {
    public static final Faults NONE = new Faults(0, 0, 0, 0, 0, 0, 1);

    /** The faults of the first version (no accepted-then-error, no stalled body, no 429 storm). */
    public Faults(long latencyMs, double serverError, double tooManyRequests, double lostResponse, double reject,
                  double partialFill, long seed) {
        this(latencyMs, serverError, tooManyRequests, lostResponse, reject, partialFill, seed, 0, 0, 0, false, 0);
    }

    /** The canonical constructor is the JSON one ({@code POST /sim/faults}); fields left out are 0 / false. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public Faults {
        for (double p : new double[] {serverError, tooManyRequests, lostResponse, reject, partialFill, acceptedThenError, stallBody}) {
            if (p < 0 || p > 1) {
                throw new IllegalArgumentException("fault probabilities are between 0 and 1");
            }
        }
        if (latencyMs < 0 || latencyMs > 60_000 || stallBodyMs < 0 || stallBodyMs > 60_000) {
            throw new IllegalArgumentException("latencyMs and stallBodyMs are between 0 and 60000");
        }
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds is not negative");
        }
    }

    /** These faults with a 429 storm switched on or off. */
    public Faults withRateLimitStorm(boolean on, int retryAfter) {
        return new Faults(latencyMs, serverError, tooManyRequests, lostResponse, reject, partialFill, seed, acceptedThenError,
                stallBodyMs, stallBody, on, retryAfter);
    }

    /** One draw of which fault hits a placement. */
    enum Kind { NONE, SERVER_ERROR, TOO_MANY_REQUESTS, LOST_RESPONSE, REJECT, PARTIAL_FILL, ACCEPTED_THEN_ERROR }

    Kind draw(Random random) {
        double r = random.nextDouble();
        double[] p = {serverError, tooManyRequests, lostResponse, reject, partialFill, acceptedThenError};
        Kind[] kinds = {Kind.SERVER_ERROR, Kind.TOO_MANY_REQUESTS, Kind.LOST_RESPONSE, Kind.REJECT, Kind.PARTIAL_FILL,
                Kind.ACCEPTED_THEN_ERROR};
        for (int i = 0; i < p.length; i++) {
            if (r < p[i]) {
                return kinds[i];
            }
            r -= p[i];
        }
        return Kind.NONE;
    }
}
