package tech.tradeos.execution.executor.venue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A venue's instrument rules, read at first use and again once they are older than {@link #REFRESH}: a venue
 * changes a tick or a minimum now and then, and an order sent on stale rules is refused. A failed refresh keeps
 * the rules already known.
 */
public final class RulesCache {
    public static final Duration REFRESH = Duration.ofHours(1);

    private record Entry(InstrumentRules rules, Instant at) {
    }

    private final Function<String, InstrumentRules> load;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public RulesCache(Function<String, InstrumentRules> load, Clock clock) {
        this.load = load;
        this.clock = clock;
    }

    public InstrumentRules get(String symbol) {
        Instant now = clock.instant();
        Entry e = entries.get(symbol);
        if (e != null && Duration.between(e.at(), now).compareTo(REFRESH) < 0) {
            return e.rules();
        }
        try {
            InstrumentRules fresh = load.apply(symbol);
            entries.put(symbol, new Entry(fresh, now));
            return fresh;
        } catch (RuntimeException failed) {
            if (e != null) {
                return e.rules(); // the venue's instrument endpoint is down: the last rules still hold
            }
            throw failed;
        }
    }
}
