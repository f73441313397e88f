package tech.tradeos.execution.model.control;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.config.VenueConfig;

/**
 * What the operator has set, folded from the latest instruction per scope: halts, venues switched on or off,
 * fee overrides, limits. The config's values hold wherever nothing was set. {@code version} changes with every
 * instruction applied, so a reader can tell when to rebuild what depends on it.
 */
public record ControlState(Map<String, ControlCommand> byKey, Limits configLimits, long version) {
    public ControlState {
        byKey = Map.copyOf(byKey);
    }

    public static ControlState of(Limits configLimits) {
        return new ControlState(Map.of(), configLimits, 0);
    }

    /** The state after {@code command}: it replaces whatever its scope held. */
    public ControlState apply(ControlCommand command) {
        Map<String, ControlCommand> next = new HashMap<>(byKey);
        next.put(command.key(), command);
        return new ControlState(next, configLimits, version + 1);
    }

    /** The halt that stops an intent of {@code instrument}, if any: everything, or the instrument. */
    public ControlCommand haltOf(String instrument) {
        ControlCommand all = halting("halt/all");
        return all != null ? all : halting("halt/instrument/" + instrument);
    }

    public boolean venueHalted(String venue) {
        return halting("halt/venue/" + venue) != null;
    }

    private ControlCommand halting(String key) {
        ControlCommand c = byKey.get(key);
        return c != null && c.action() == ControlCommand.Action.HALT ? c : null;
    }

    /**
     * The config's limits with the operator's changes: a legacy complete record ({@code limits}) first, then each
     * limit's own latest change ({@code limits/<name>}) given at or after it.
     */
    public Limits limits() {
        Limits limits = configLimits;
        ControlCommand complete = byKey.get("limits");
        if (complete != null) {
            limits = complete.limits().applyTo(limits);
        }
        for (String name : LimitChange.NAMES) {
            ControlCommand one = byKey.get("limits/" + name);
            if (one != null && (complete == null || !one.at().isBefore(complete.at()))) {
                limits = one.limits().applyTo(limits);
            }
        }
        return limits;
    }

    /** The config with the operator's venue switches and fees applied: what the router prices with. */
    public TradeosConfig effective(TradeosConfig config) {
        if (byKey.isEmpty()) {
            return config;
        }
        Map<String, VenueConfig> venues = new LinkedHashMap<>();
        config.venues().forEach((name, v) -> {
            boolean enabled = v.enabled();
            ControlCommand switched = byKey.get("venue/" + name + "/enabled");
            if (switched != null) {
                enabled = switched.action() == ControlCommand.Action.ENABLE_VENUE;
            }
            if (venueHalted(name)) {
                enabled = false;
            }
            ControlCommand fee = byKey.get("venue/" + name + "/fee");
            BigDecimal feeBps = fee != null ? fee.takerFeeBps() : v.takerFeeBps();
            venues.put(name, new VenueConfig(v.market(), enabled, v.shortable(), v.quoteToUsd(), feeBps, v.regions(), v.symbols()));
        });
        return new TradeosConfig(config.region(), config.mode(), config.routing(), config.paper(), venues, config.positions(),
                config.tca(), config.kafka(), config.topics(), config.http(), config.postgres(), config.redis(), config.sink(),
                config.executor(), config.limits(), config.ingest());
    }
}
