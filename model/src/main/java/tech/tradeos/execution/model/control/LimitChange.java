package tech.tradeos.execution.model.control;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a {@code SET_LIMITS} instruction changes: only the limits it names, each to a value or, with an
 * explicit {@code "none"} (or {@code null}), to no limit. A limit it does not name keeps its value. In JSON:
 * {@code {"maxOrderNotionalUsd": "250000", "maxIntentsPerMinute": "none"}}; a name that is not one of the
 * four limits is refused (with the nearest one), so a typo never passes as "no change" or "no limit".
 */
public record LimitChange(Map<String, Optional<BigDecimal>> changes) {
    public static final String ORDER = "maxOrderNotionalUsd";
    public static final String VENUE_POSITION = "maxVenuePositionNotionalUsd";
    public static final String INSTRUMENT_POSITION = "maxInstrumentPositionNotionalUsd";
    public static final String RATE = "maxIntentsPerMinute";
    /** The four limits, in the order {@link Limits} holds them. */
    public static final List<String> NAMES = List.of(ORDER, VENUE_POSITION, INSTRUMENT_POSITION, RATE);

    public LimitChange {
        if (changes == null || changes.isEmpty()) {
            throw new IllegalArgumentException("limits must name at least one of " + NAMES
                    + " (a value, or \"none\" to remove it); a limit left out keeps its value");
        }
        Map<String, Optional<BigDecimal>> sorted = new TreeMap<>((a, b) -> Integer.compare(NAMES.indexOf(a), NAMES.indexOf(b)));
        changes.forEach((name, value) -> {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown limit '" + name + "'" + hint(name) + " (limits: " + NAMES + ")");
            }
            sorted.put(name, value == null ? Optional.empty() : value);
        });
        // each value checked as Limits checks it
        apply(Limits.NONE, sorted);
        changes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
    }

    /** Every limit set to {@code limits} (null: none): a complete replacement, how instructions read before changes were partial. */
    public static LimitChange all(Limits limits) {
        Map<String, Optional<BigDecimal>> m = new LinkedHashMap<>();
        m.put(ORDER, Optional.ofNullable(limits.maxOrderNotionalUsd()));
        m.put(VENUE_POSITION, Optional.ofNullable(limits.maxVenuePositionNotionalUsd()));
        m.put(INSTRUMENT_POSITION, Optional.ofNullable(limits.maxInstrumentPositionNotionalUsd()));
        m.put(RATE, Optional.ofNullable(limits.maxIntentsPerMinute()).map(BigDecimal::valueOf));
        return new LimitChange(m);
    }

    /** One limit set to {@code value} (null: removed). */
    public static LimitChange of(String name, BigDecimal value) {
        Map<String, Optional<BigDecimal>> m = new LinkedHashMap<>();
        m.put(name, Optional.ofNullable(value));
        return new LimitChange(m);
    }

    /** From the instruction's JSON object: each value a number, a decimal string, {@code "none"} or {@code null}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static LimitChange fromJson(Map<String, JsonNode> json) {
        if (json == null) {
            throw new IllegalArgumentException("limits must be an object of the limits to change");
        }
        Map<String, Optional<BigDecimal>> m = new LinkedHashMap<>();
        json.forEach((name, node) -> {
            if (node == null || node.isNull() || node.isTextual() && node.asText().trim().equalsIgnoreCase("none")) {
                m.put(name, Optional.empty());
            } else if (node.isNumber() || node.isTextual()) {
                try {
                    m.put(name, Optional.of(new BigDecimal(node.isNumber() ? node.decimalValue().toString() : node.asText().trim())));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("limit " + name + " must be a decimal or \"none\", got " + node);
                }
            } else {
                throw new IllegalArgumentException("limit " + name + " must be a decimal or \"none\", got " + node.getNodeType());
            }
        });
        return new LimitChange(m);
    }

    @JsonValue
    public Map<String, String> toJson() {
        Map<String, String> out = new LinkedHashMap<>();
        changes.forEach((name, value) -> out.put(name, value.map(BigDecimal::toPlainString).orElse("none")));
        return out;
    }

    /** Whether it names every limit (a complete replacement). */
    public boolean complete() {
        return changes.size() == NAMES.size();
    }

    /** One change per limit named: how an instruction is written to the topic, keyed per limit. */
    public List<LimitChange> split() {
        return changes.entrySet().stream().map(e -> LimitChange.of(e.getKey(), e.getValue().orElse(null))).toList();
    }

    /** {@code current} with the named limits changed and the others kept. */
    public Limits applyTo(Limits current) {
        return apply(current, changes);
    }

    private static Limits apply(Limits current, Map<String, Optional<BigDecimal>> changes) {
        BigDecimal order = current.maxOrderNotionalUsd();
        BigDecimal venue = current.maxVenuePositionNotionalUsd();
        BigDecimal instrument = current.maxInstrumentPositionNotionalUsd();
        Integer rate = current.maxIntentsPerMinute();
        for (Map.Entry<String, Optional<BigDecimal>> e : changes.entrySet()) {
            BigDecimal v = e.getValue().orElse(null);
            switch (e.getKey()) {
                case ORDER -> order = v;
                case VENUE_POSITION -> venue = v;
                case INSTRUMENT_POSITION -> instrument = v;
                case RATE -> {
                    if (v != null && (v.stripTrailingZeros().scale() > 0 || v.compareTo(BigDecimal.valueOf(1_000_000)) > 0)) {
                        throw new IllegalArgumentException("maxIntentsPerMinute must be a whole number up to 1000000, got "
                                + v.toPlainString());
                    }
                    rate = v == null ? null : v.intValueExact();
                }
                default -> throw new IllegalArgumentException("unknown limit " + e.getKey());
            }
        }
        for (BigDecimal d : new BigDecimal[] {order, venue, instrument}) {
            if (d != null && (d.precision() - d.scale() > 30 || d.scale() > 18)) {
                throw new IllegalArgumentException("a limit must be a decimal of at most 30 integer and 18 fraction digits, got "
                        + (d.precision() > 60 ? "a " + d.precision() + "-digit number" : d.toPlainString()));
            }
        }
        return new Limits(order, venue, instrument, rate);
    }

    private static String hint(String wrong) {
        String w = wrong.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        return NAMES.stream().filter(n -> {
            String c = n.toLowerCase(Locale.ROOT);
            return !w.isEmpty() && (c.startsWith(w) || w.startsWith(c) || c.contains(w));
        }).findFirst().map(n -> " — did you mean " + n + "?").orElse("");
    }

    @Override
    public String toString() {
        return toJson().toString();
    }
}
