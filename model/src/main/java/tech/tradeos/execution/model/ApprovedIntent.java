package tech.tradeos.execution.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A trade intent approved by risk upstream (docs/README.md §Messages). {@code quantity} is in base units;
 * {@code expectedHoldHours} (default 0) is the window the carry is counted over.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApprovedIntent(
        String intentId,
        String instrument,
        Direction direction,
        Action action,
        BigDecimal quantity,
        Market market,
        String signalType,
        Double confidence,
        BigDecimal expectedHoldHours,
        Instant createdAt) {

    /** Ten years: a longer hold is an error upstream, and would overflow the carry window's milliseconds. */
    public static final BigDecimal MAX_HOLD_HOURS = BigDecimal.valueOf(87_600);

    public ApprovedIntent {
        Checks.text(intentId, "intentId");
        Checks.text(instrument, "instrument");
        Checks.required(direction, "direction");
        Checks.required(action, "action");
        Checks.positive(quantity, "quantity");
        market = market == null ? Market.ANY : market;
        Checks.text(signalType, "signalType");
        if (confidence != null && (confidence.isNaN() || confidence < 0 || confidence > 1)) {
            throw new IllegalArgumentException("confidence must be between 0 and 1, got " + confidence);
        }
        expectedHoldHours = expectedHoldHours == null ? BigDecimal.ZERO : expectedHoldHours;
        Checks.nonNegative(expectedHoldHours, "expectedHoldHours");
        Checks.atMost(expectedHoldHours, MAX_HOLD_HOURS, "expectedHoldHours");
        Checks.instant(createdAt, "createdAt");
    }

    @JsonIgnore
    public Side side() {
        return Side.of(action, direction);
    }

    /** The end of the hold window in epoch milliseconds, truncated: settlements fall on whole milliseconds. */
    @JsonIgnore
    public long holdEndMillis() {
        return createdAt.toEpochMilli()
                + expectedHoldHours.multiply(BigDecimal.valueOf(3_600_000L)).longValue();
    }
}
