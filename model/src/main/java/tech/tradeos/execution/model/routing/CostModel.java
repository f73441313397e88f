package tech.tradeos.execution.model.routing;

import java.math.BigDecimal;
import java.util.List;
import tech.tradeos.execution.model.Decimals;
import tech.tradeos.execution.model.config.VenueConfig;

/**
 * docs/README.md §Routing's total cost, one row per term: total = Σ term = N·(s + f + p·Σr) for the walk's notional N in
 * USD. Every term is linear in N, so each row has a fast form — its rate per unit of notional, in double,
 * which screens candidates on the hot path — and an exact form in BigDecimal, which decides whenever two
 * screened totals are within the screen's error bound and writes the candidate's figures. A new cost
 * term is one row here (plus its config field and the candidate's field it is written to).
 */
public final class CostModel {
    /** Relative error allowed to the double screening; far above what a few double operations can lose. */
    static final double SCREEN_RELATIVE_ERROR = 1e-9;

    /** One term of the total cost. */
    public interface Term {
        /** The fast form: the term's rate per unit of notional (double; inputs already converted once per quote). */
        double approxRate(VenueConfig venue, int sideSign, int positionSign, double fundingRateSum);

        /** The exact form in USD for a priced quote of notional {@code notionalUsd}; null when it cannot be known. */
        BigDecimal exact(VenueQuote quote, BigDecimal notionalUsd);
    }

    /** Fill cost: s·N, paid on a buy (+N), received on a sell (−N). */
    public static final Term FILL = new Term() {
        @Override
        public double approxRate(VenueConfig venue, int sideSign, int positionSign, double fundingRateSum) {
            return sideSign;
        }

        @Override
        public BigDecimal exact(VenueQuote q, BigDecimal n) {
            return q.sideSign() > 0 ? n : n.negate();
        }
    };

    /** Taker fee: N·feeBps/10⁴, paid on both sides. */
    public static final Term FEE = new Term() {
        @Override
        public double approxRate(VenueConfig venue, int sideSign, int positionSign, double fundingRateSum) {
            return venue.takerFeeBps().doubleValue() / 10_000;
        }

        @Override
        public BigDecimal exact(VenueQuote q, BigDecimal n) {
            return Decimals.bpsFraction(q.venueConfig().takerFeeBps()).multiply(n);
        }
    };

    /** Carry: p·N·Σrₖ over the settlements in the hold window; zero off perps and for CLOSE; null when funding is unknown. */
    public static final Term CARRY = new Term() {
        @Override
        public double approxRate(VenueConfig venue, int sideSign, int positionSign, double fundingRateSum) {
            return positionSign * fundingRateSum;
        }

        @Override
        public BigDecimal exact(VenueQuote q, BigDecimal n) {
            if (!q.carryApplies()) {
                return BigDecimal.ZERO;
            }
            if (q.funding() == null) {
                return null;
            }
            BigDecimal carry = n.multiply(q.window().rateSum(q.funding()));
            return q.positionSign() > 0 ? carry : carry.negate();
        }
    };

    /** Every term, in the order the candidate reports them. */
    public static final List<Term> TERMS = List.of(FILL, FEE, CARRY);

    private CostModel() {
    }

    /** The screened total N·Σ rate of every term, and its error bound, for one quote. */
    record Screen(double total, double errorBound) {
    }

    static Screen screen(VenueConfig venue, double notionalUsd, int sideSign, int positionSign, double fundingRateSum) {
        double rate = 0;
        double magnitude = 0;
        for (Term term : TERMS) {
            double r = term.approxRate(venue, sideSign, positionSign, fundingRateSum);
            rate += r;
            magnitude += Math.abs(r);
        }
        return new Screen(notionalUsd * rate, SCREEN_RELATIVE_ERROR * Math.abs(notionalUsd) * magnitude);
    }

    /** A priced quote's exact terms and total, each computed once; carry and total null when the carry is unknown. */
    public record Costs(BigDecimal fill, BigDecimal fee, BigDecimal carry, BigDecimal total) {
    }

    static Costs exactCosts(VenueQuote quote, BigDecimal notionalUsd) {
        BigDecimal fill = FILL.exact(quote, notionalUsd);
        BigDecimal fee = FEE.exact(quote, notionalUsd);
        BigDecimal carry = CARRY.exact(quote, notionalUsd);
        return new Costs(fill, fee, carry, carry == null ? null : BigDecimal.ZERO.add(fill).add(fee).add(carry));
    }

    /** The exact total of a priced quote; null when any term is unknown. */
    static BigDecimal exactTotal(VenueQuote quote, BigDecimal notionalUsd) {
        BigDecimal total = BigDecimal.ZERO;
        for (Term term : TERMS) {
            BigDecimal t = term.exact(quote, notionalUsd);
            if (t == null) {
                return null;
            }
            total = total.add(t);
        }
        return total;
    }
}
