package tech.tradeos.execution.model;

import java.time.Instant;
import java.util.Comparator;

/**
 * Market data that is replaced newest-wins: ordered by timestamp, then sequence. A record equal in
 * both to the one held leaves the held one (docs/README.md §Topics).
 */
public interface Versioned {
    Comparator<Versioned> ORDER = Comparator.comparing(Versioned::timestamp).thenComparingLong(Versioned::sequence);

    Instant timestamp();

    Long sequence();

    /** True when {@code candidate} should replace {@code held}: strictly newer, or nothing held. */
    static <T extends Versioned> boolean supersedes(T candidate, T held) {
        return held == null || ORDER.compare(candidate, held) > 0;
    }
}
