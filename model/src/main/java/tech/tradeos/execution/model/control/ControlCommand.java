package tech.tradeos.execution.model.control;

import java.math.BigDecimal;
import java.time.Instant;
import tech.tradeos.execution.model.Checks;

/**
 * One operator instruction on {@code execution.control} (docs/README.md §Operator controls): halt or resume
 * everything, a venue or an instrument; disable or enable a venue; set a venue's taker fee; set the last-line
 * limits. The topic is compacted by {@link #key()}: the latest instruction per scope is the state, so a resume
 * replaces its halt and a router started later reads the same state. {@code by} and {@code reason} say who and
 * why; every change is logged with them.
 */
public record ControlCommand(Action action, String venue, String instrument, BigDecimal takerFeeBps, Limits limits,
                             String by, String reason, Instant at) {
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
        }
        Checks.text(by, "by");
        Checks.text(reason, "reason");
        Checks.instant(at, "at");
    }

    /** The compaction key: one state per scope. */
    public String key() {
        return switch (action) {
            case HALT, RESUME -> "halt/" + (venue != null ? "venue/" + venue : instrument != null ? "instrument/" + instrument : "all");
            case DISABLE_VENUE, ENABLE_VENUE -> "venue/" + venue + "/enabled";
            case SET_FEE -> "venue/" + venue + "/fee";
            case SET_LIMITS -> "limits";
        };
    }

    /** Who asked and why, for logs and the dashboard. */
    public String describe() {
        String scope = venue != null ? " venue " + venue : instrument != null ? " instrument " + instrument : "";
        return action + scope + (takerFeeBps != null ? " " + takerFeeBps.toPlainString() + " bps" : "")
                + " by " + by + " at " + at + ": " + reason;
    }
}
