package tech.tradeos.execution.executor.venue;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket per venue: {@code ratePerSecond} requests a second on average, bursts up to
 * {@code burst}. {@link #acquire} waits for a token; the executor calls it on its own I/O threads, never on
 * a Kafka thread.
 */
public final class RateLimiter {
    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long last;

    public RateLimiter(double ratePerSecond, int burst) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
        }
        this.ratePerNano = ratePerSecond / TimeUnit.SECONDS.toNanos(1);
        this.burst = burst;
        this.tokens = burst;
        this.last = Long.MIN_VALUE;
    }

    /** How long to wait before a token is free (0: take it now); takes the token either way. */
    public synchronized long reserveNanos(long now) {
        if (last == Long.MIN_VALUE) {
            last = now; // the bucket starts full at the first request
        }
        tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
        last = now;
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / ratePerNano);
    }

    public void acquire() throws InterruptedException {
        long wait = reserveNanos(System.nanoTime());
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait); // a deliberate pacing wait on the caller's I/O thread
        }
    }
}
