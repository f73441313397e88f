package tech.tradeos.execution.model.control;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tech.tradeos.execution.model.Checks;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;

/**
 * One operator instruction on {@code execution.control} (docs/README.md §Operator controls): halt or resume
 * everything, a venue or an instrument; disable or enable a venue; set a venue's taker fee; set the last-line
 * limits. The topic is compacted by {@link #key()}: the latest instruction per scope is the state, so a resume
 * replaces its halt and a router started later reads the same state. {@code by} and {@code reason} say who and
 * why; every change is logged with them. An instruction is read strictly ({@link #read}): an unknown field, a
 * duplicate one or a field its action does not take is refused, never ignored. {@code SET_LIMITS} changes only
 * the limits it names ({@link LimitChange}) and is written as one record per limit ({@link #records}), keyed
 * {@code limits/<name>}, so compaction keeps every limit's latest value.
 */
public record ControlCommand(Action action, String venue, String instrument, BigDecimal takerFeeBps, LimitChange limits,
                             String by, String reason, Instant at) {
    /** The strict reader: unknown and duplicate fields fail (the product's shared mapper ignores unknown ones). */
    private static final ObjectReader STRICT = Json.MAPPER.readerFor(ControlCommand.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** What to do. HALT/RESUME take a venue, an instrument or neither (everything). */
    public enum Action { HALT, RESUME, DISABLE_VENUE, ENABLE_VENUE, SET_FEE, SET_LIMITS }

    public ControlCommand {
        Checks.required(action, "action");
        if (venue != null) {
            Checks.text(venue, "venue");
        }
        if (instrument != null) {
            Checks.text(instrument, "instrument");
        }
        if (venue != null && instrument != null) {
            throw new IllegalArgumentException("a control instruction names a venue or an instrument, not both");
        }
        boolean needsVenue = action == Action.DISABLE_VENUE || action == Action.ENABLE_VENUE || action == Action.SET_FEE;
        if (needsVenue && venue == null) {
            throw new IllegalArgumentException(action + " needs a venue");
        }
        if (action == Action.SET_FEE) {
            Checks.nonNegative(Checks.required(takerFeeBps, "takerFeeBps"), "takerFeeBps");
            Checks.atMost(takerFeeBps, new BigDecimal("10000"), "takerFeeBps");
        }
        if (action == Action.SET_LIMITS) {
            Checks.required(limits, "limits");
            if (venue != null || instrument != null) {
                throw new IllegalArgumentException("SET_LIMITS applies to every venue and instrument: it takes no venue or instrument");
            }
        } else if (limits != null) {
            throw new IllegalArgumentException(action + " takes no limits");
        }
        if (action != Action.SET_FEE && takerFeeBps != null) {
            throw new IllegalArgumentException(action + " takes no takerFeeBps");
        }
        Checks.text(by, "by");
        Checks.text(reason, "reason");
        Checks.instant(at, "at");
    }

    /** An instruction from JSON, strictly: unknown or duplicate fields and invalid values throw. */
    public static ControlCommand read(byte[] json) throws IOException {
        return STRICT.readValue(json);
    }

    /** An instruction from a JSON tree (the HTTP body after defaults were filled in), strictly. */
    public static ControlCommand read(com.fasterxml.jackson.databind.JsonNode json) throws IOException {
        return STRICT.readValue(json);
    }

    /**
     * The compaction key: one state per scope. A {@code SET_LIMITS} of one limit is keyed {@code limits/<name>};
     * {@code limits} is the key of a complete replacement as written before changes were partial.
     */
    public String key() {
        return switch (action) {
            case HALT, RESUME -> "halt/" + (venue != null ? "venue/" + venue : instrument != null ? "instrument/" + instrument : "all");
            case DISABLE_VENUE, ENABLE_VENUE -> "venue/" + venue + "/enabled";
            case SET_FEE -> "venue/" + venue + "/fee";
            case SET_LIMITS -> limits.changes().size() == 1 ? "limits/" + limits.changes().keySet().iterator().next() : "limits";
        };
    }

    /** The records this instruction is written as: itself, or for {@code SET_LIMITS} one per limit it names. */
    public List<ControlCommand> records() {
        if (action != Action.SET_LIMITS || limits.changes().size() == 1) {
            return List.of(this);
        }
        return limits.split().stream().map(one -> new ControlCommand(action, venue, instrument, takerFeeBps, one, by, reason, at)).toList();
    }

    /** Whether a record keyed {@code key} may hold this instruction: its own scope's key (a legacy complete limits record too). */
    public boolean keyedAs(String key) {
        if (action == Action.SET_LIMITS && limits.changes().size() > 1) {
            return limits.complete() && "limits".equals(key);
        }
        return key().equals(key);
    }

    /** Why {@code config} cannot take this instruction (an unknown venue or instrument), if it cannot. */
    public Optional<String> problemWith(TradeosConfig config) {
        if (venue != null && !config.venues().containsKey(venue)) {
            return Optional.of("unknown venue " + venue + " (venues: " + config.venues().keySet() + ")");
        }
        if (instrument != null && !config.knowsInstrument(instrument)) {
            return Optional.of("unknown instrument " + instrument + " (no configured venue lists it)");
        }
        return Optional.empty();
    }

    /** Who asked and why, for logs and the dashboard. */
    public String describe() {
        String scope = venue != null ? " venue " + venue : instrument != null ? " instrument " + instrument : "";
        return action + scope + (takerFeeBps != null ? " " + takerFeeBps.toPlainString() + " bps" : "")
                + (limits != null ? " " + limits : "")
                + " by " + by + " at " + at + ": " + reason;
    }
}
