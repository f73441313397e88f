package tech.tradeos.execution.executor.sim;

import java.util.Random;

/**
 * The faults the simulator injects into order placement, each with a probability (0–1), set at start or by
 * {@code POST /sim/faults}: added latency, a 5xx before anything happens, a 429, an order accepted and
 * matched whose response is lost (the connection closes without an answer), a venue reject, and a partial
 * fill (an IOC order filled only in part, the rest canceled).
 */
public record Faults(long latencyMs, double serverError, double tooManyRequests, double lostResponse, double reject,
                     double partialFill, long seed) {
    public static final Faults NONE = new Faults(0, 0, 0, 0, 0, 0, 1);

    public Faults {
        for (double p : new double[] {serverError, tooManyRequests, lostResponse, reject, partialFill}) {
            if (p < 0 || p > 1) {
                throw new IllegalArgumentException("fault probabilities are between 0 and 1");
            }
        }
        if (latencyMs < 0 || latencyMs > 60_000) {
            throw new IllegalArgumentException("latencyMs is between 0 and 60000");
        }
    }

    /** One draw of which fault hits a placement. */
    enum Kind { NONE, SERVER_ERROR, TOO_MANY_REQUESTS, LOST_RESPONSE, REJECT, PARTIAL_FILL }

    Kind draw(Random random) {
        double r = random.nextDouble();
        double[] p = {serverError, tooManyRequests, lostResponse, reject, partialFill};
        Kind[] kinds = {Kind.SERVER_ERROR, Kind.TOO_MANY_REQUESTS, Kind.LOST_RESPONSE, Kind.REJECT, Kind.PARTIAL_FILL};
        for (int i = 0; i < p.length; i++) {
            if (r < p[i]) {
                return kinds[i];
            }
            r -= p[i];
        }
        return Kind.NONE;
    }
}
