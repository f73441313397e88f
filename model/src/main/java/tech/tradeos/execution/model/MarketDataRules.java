package tech.tradeos.execution.model;

import java.time.Instant;
import java.util.Optional;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.config.VenueConfig;

/**
 * What makes a book or funding record usable, for every reader of market data (the router's parse step, the
 * sink's marks): a configured venue that lists the instrument, stamped no further ahead of this clock than
 * {@code routing.max-clock-skew-ms} — a record stamped in the future would otherwise win every "newest" comparison
 * and freeze what follows it.
 */
public final class MarketDataRules {
    private MarketDataRules() {
    }

    /** Why the record cannot be used, if it cannot. */
    public static Optional<String> problem(TradeosConfig config, String venue, String instrument, Instant timestamp, long nowMs) {
        VenueConfig venueConfig = config.venues().get(venue);
        if (venueConfig == null) {
            return Optional.of("venue " + venue + " is not configured (venues: " + config.venues().keySet() + ")");
        }
        if (!venueConfig.lists(instrument)) {
            return Optional.of("venue " + venue + " does not list " + instrument);
        }
        long aheadMs = timestamp.toEpochMilli() - nowMs;
        if (aheadMs > config.routing().maxClockSkewMs()) {
            return Optional.of("timestamp " + timestamp + " is " + aheadMs + " ms ahead of this clock"
                    + " (routing.max-clock-skew-ms " + config.routing().maxClockSkewMs() + ")");
        }
        return Optional.empty();
    }
}
