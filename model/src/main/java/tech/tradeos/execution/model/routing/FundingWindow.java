package tech.tradeos.execution.model.routing;

import java.math.BigDecimal;
import tech.tradeos.execution.model.FundingRate;

/**
 * The funding settlements that fall in a hold window (docs/README.md §Routing): tₖ = nextFundingTime + k·interval,
 * k = 0, 1, 2, …, counted while start &lt; tₖ ≤ end. Settlement 0 pays {@code rate}; later ones pay
 * the predicted rate (or {@code rate} when none is published).
 *
 * @param firstK the first k in the window (meaningless when count is 0)
 * @param count  how many settlements fall in the window
 */
public record FundingWindow(long firstK, long count) {
    public static final FundingWindow NONE = new FundingWindow(0, 0);
    private static final long HOUR_MS = 3_600_000L;

    /** The settlements of {@code funding} in (startMillis, endMillis]. */
    public static FundingWindow of(FundingRate funding, long startMillis, long endMillis) {
        long first = funding.nextFundingTime().toEpochMilli();
        long interval = funding.intervalHours() * HOUR_MS;
        long kMin = first > startMillis ? 0 : Math.floorDiv(startMillis - first, interval) + 1;
        if (first > endMillis) {
            return NONE;
        }
        long kMax = Math.floorDiv(endMillis - first, interval);
        long count = kMax - kMin + 1;
        return count <= 0 ? NONE : new FundingWindow(kMin, count);
    }

    /** Σ rₖ over the window, exact. */
    public BigDecimal rateSum(FundingRate funding) {
        if (count == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal later = funding.laterRate();
        return firstK == 0
                ? funding.rate().add(later.multiply(BigDecimal.valueOf(count - 1)))
                : later.multiply(BigDecimal.valueOf(count));
    }

    /** Σ rₖ as a double, for screening only. */
    public double rateSumApprox(FundingRate funding) {
        if (count == 0) {
            return 0;
        }
        double later = funding.laterRate().doubleValue();
        return firstK == 0 ? funding.rate().doubleValue() + later * (count - 1) : later * count;
    }
}
