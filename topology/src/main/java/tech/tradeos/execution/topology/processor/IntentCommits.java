package tech.tradeos.execution.topology.processor;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * Under exactly-once an intent's outcome is visible only once its transaction commits, which Kafka
 * Streams does every {@code commit.interval.ms} (100 ms): an intent would wait that long on each hop.
 * This asks for the commit within {@code kafka.intent-commit-ms} of an intent instead — at once when
 * none was asked for that long, else from a wall-clock punctuation — so a burst of intents shares one
 * transaction per period. The price is more transactions under a steady stream of intents (see
 * BENCHMARKS.md); 0 turns it off. Market data never asks.
 */
public final class IntentCommits {
    /*
     * A request commits every task of the stream thread, so the period is kept per thread, shared by all
     * its processors: at most one requested commit per period however many tasks see intents.
     */
    private static final ThreadLocal<long[]> LAST_REQUEST_MS = ThreadLocal.withInitial(() -> new long[] {Long.MIN_VALUE / 2});

    private final long periodMs;
    private ProcessingContext context;
    private boolean pending;

    /** {@code periodMs} 0: never ask (at-least-once, or the setting turned off). */
    public IntentCommits(long periodMs) {
        this.periodMs = periodMs;
    }

    public static IntentCommits of(tech.tradeos.execution.model.config.TradeosConfig config) {
        boolean exactlyOnce = config.kafka().processingGuarantee().startsWith("exactly_once");
        return new IntentCommits(exactlyOnce ? config.kafka().intentCommitMs() : 0);
    }

    public void init(ProcessingContext context) {
        this.context = context;
        this.pending = false;
        if (periodMs > 0) {
            context.schedule(Duration.ofMillis(periodMs), PunctuationType.WALL_CLOCK_TIME, now -> {
                if (pending) {
                    request(now);
                }
            });
        }
    }

    /** An intent was routed, rejected or forwarded: its transaction should commit soon. */
    public void intentHandled() {
        if (periodMs <= 0) {
            return;
        }
        long now = context.currentSystemTimeMs();
        if (now - LAST_REQUEST_MS.get()[0] >= periodMs) {
            request(now);
        } else {
            pending = true;
        }
    }

    private void request(long now) {
        context.commit();
        LAST_REQUEST_MS.get()[0] = now;
        pending = false;
    }
}
