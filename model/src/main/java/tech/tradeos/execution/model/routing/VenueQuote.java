package tech.tradeos.execution.model.routing;

import java.math.BigDecimal;
import tech.tradeos.execution.model.Candidate;
import tech.tradeos.execution.model.CandidateReason;
import tech.tradeos.execution.model.Decimals;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.Market;
import tech.tradeos.execution.model.config.VenueConfig;

/**
 * One venue priced for one intent: the inputs of docs/README.md §Routing's formulas and, derived from them on demand
 * through {@link CostModel}, the exact fill cost, fee, carry and total in USD. The router compares quotes on {@link #approxTotal}
 * and falls back to the exact totals whenever two are within {@link #errorBound} of each other, so
 * the choice is always the one exact decimal comparison would make.
 *
 * @param rank        position in the region's priority order (ties go to the lower rank)
 * @param reason      why the venue is not eligible; null when it is
 * @param book        the venue's newest book, null when it never had one
 * @param walk        the book walk for the order, null without a book or with an empty side
 * @param carryApplies PERP venue and OPEN intent
 * @param funding     the venue's funding record, null when none (or not needed)
 */
public record VenueQuote(
        String venue,
        VenueConfig venueConfig,
        String venueSymbol,
        int rank,
        CandidateReason reason,
        OrderBook book,
        BookWalk.Walk walk,
        Long bookAgeMs,
        boolean carryApplies,
        FundingRate funding,
        FundingWindow window,
        int sideSign,
        int positionSign,
        BigDecimal quantity,
        double approxTotal,
        double errorBound) {

    public boolean eligible() {
        return reason == null;
    }

    public boolean priced() {
        return walk != null;
    }

    public VenueQuote withReason(CandidateReason newReason) {
        return new VenueQuote(venue, venueConfig, venueSymbol, rank, newReason, book, walk, bookAgeMs, carryApplies,
                funding, window, sideSign, positionSign, quantity, approxTotal, errorBound);
    }

    /** N in USD: the walk's notional in the venue's quote currency times quote-to-usd. */
    public BigDecimal notionalUsd() {
        BigDecimal qtu = venueConfig.quoteToUsd();
        return qtu.compareTo(BigDecimal.ONE) == 0 ? walk.notional() : walk.notional().multiply(qtu);
    }

    public BigDecimal fillCost() {
        return CostModel.FILL.exact(this, notionalUsd());
    }

    public BigDecimal fee() {
        return CostModel.FEE.exact(this, notionalUsd());
    }

    /** p · N · Σ rₖ; zero where carry does not apply; null when it applies but no funding is known. */
    public BigDecimal carry() {
        return CostModel.CARRY.exact(this, notionalUsd());
    }

    /** fill cost + fee + carry; null when the carry is unknown. */
    public BigDecimal totalCost() {
        return CostModel.exactTotal(this, notionalUsd());
    }

    /** Every exact term and the total at once (what a candidate writes), each computed once. */
    public CostModel.Costs costs() {
        return CostModel.exactCosts(this, notionalUsd());
    }

    /** VWAP in the venue's quote currency. */
    public BigDecimal vwap() {
        return Decimals.divide(walk.notional(), quantity);
    }

    /** Exact comparison of total cost; ties go to the earlier venue in the priority order. */
    public int compareCost(VenueQuote other) {
        double diff = approxTotal - other.approxTotal;
        if (Math.abs(diff) > errorBound + other.errorBound) {
            return diff < 0 ? -1 : 1;
        }
        int exact = totalCost().compareTo(other.totalCost());
        return exact != 0 ? exact : Integer.compare(rank, other.rank);
    }

    public Candidate toCandidate() {
        if (!priced()) {
            return new Candidate(venue, venueSymbol, venueConfig.market(), eligible(), reason,
                    null, null, null, null, null, bookAgeMs);
        }
        CostModel.Costs costs = costs();
        return new Candidate(venue, venueSymbol, venueConfig.market(), eligible(), reason,
                vwap(), Decimals.clean(costs.fee()), Decimals.clean(costs.carry()), Decimals.clean(costs.total()),
                Decimals.clean(walk.shortfall()), bookAgeMs);
    }

    public Market market() {
        return venueConfig.market();
    }
}
