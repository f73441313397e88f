package tech.tradeos.execution.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;

/**
 * What the static priority list the SOR replaces would have done with the same intent at the same instant
 * (docs/README.md §Execution quality): the first eligible venue of {@code routing.fallback-priority.{region}},
 * its total cost from the same book walk, fee and carry, and what the SOR's choice saved against it —
 * in USD and in bps of the chosen order's notional ({@code notionalUsd}, the book walk's, the base of every
 * bps figure of execution quality). Savings are never negative: the SOR's total is the
 * lowest of the eligible venues, the static venue among them. Null figures: a cost was unknown (a fallback
 * perp without funding).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Counterfactual(String venue, BigDecimal totalCost, BigDecimal notionalUsd, BigDecimal savings,
                             BigDecimal savingsBps) {

    /** static total − chosen total, and that over the chosen notional in bps; nulls when either total is unknown. */
    public static Counterfactual of(String venue, BigDecimal staticTotal, BigDecimal chosenTotal, BigDecimal chosenNotionalUsd) {
        if (staticTotal == null || chosenTotal == null) {
            return new Counterfactual(venue, Decimals.clean(staticTotal), Decimals.clean(chosenNotionalUsd), null, null);
        }
        BigDecimal savings = Decimals.clean(staticTotal.subtract(chosenTotal));
        BigDecimal bps = Decimals.bps(savings, chosenNotionalUsd == null ? null : chosenNotionalUsd.abs());
        return new Counterfactual(venue, Decimals.clean(staticTotal), Decimals.clean(chosenNotionalUsd), savings, bps);
    }
}
