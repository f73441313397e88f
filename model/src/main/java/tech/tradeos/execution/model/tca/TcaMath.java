package tech.tradeos.execution.model.tca;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tech.tradeos.execution.model.Decimals;

/**
 * docs/README.md §TCA's formulas, as quantstats defines them. Equity is sampled once per return period:
 * E₀ is the starting equity, Eₜ the starting equity plus the realized P&L of trades closed before the
 * end of period t, periods counted from the first closed trade's period. rₜ = Eₜ/Eₜ₋₁ − 1;
 * P = periods per 365-day year. Undefined values are null.
 */
public final class TcaMath {
    private static final Duration YEAR = Duration.ofDays(365);

    private TcaMath() {
    }

    /** A realized P&L at a time: one closed trade. */
    public record Realized(Instant at, BigDecimal pnl) {
    }

    /** s·(price − arrivalMid)/arrivalMid·10⁴: positive when the fill was worse than the arrival mid. */
    public static BigDecimal arrivalShortfallBps(int sideSign, BigDecimal price, BigDecimal arrivalMid) {
        if (arrivalMid == null) {
            return null;
        }
        BigDecimal diff = price.subtract(arrivalMid);
        return Decimals.bps(sideSign > 0 ? diff : diff.negate(), arrivalMid);
    }

    /** E₀…Eₙ for trades sorted or not; just E₀ when there are none. */
    public static List<BigDecimal> equityCurve(BigDecimal startingEquity, List<Realized> trades, Duration period) {
        List<BigDecimal> curve = new ArrayList<>();
        curve.add(startingEquity);
        if (trades.isEmpty()) {
            return curve;
        }
        long p = period.toMillis();
        long origin = trades.stream().mapToLong(t -> Math.floorDiv(t.at().toEpochMilli(), p)).min().orElseThrow();
        long last = trades.stream().mapToLong(t -> Math.floorDiv(t.at().toEpochMilli(), p)).max().orElseThrow();
        BigDecimal[] perPeriod = new BigDecimal[(int) (last - origin + 1)];
        java.util.Arrays.fill(perPeriod, BigDecimal.ZERO);
        for (Realized t : trades) {
            int k = (int) (Math.floorDiv(t.at().toEpochMilli(), p) - origin);
            perPeriod[k] = perPeriod[k].add(t.pnl());
        }
        BigDecimal equity = startingEquity;
        for (BigDecimal pnl : perPeriod) {
            equity = equity.add(pnl);
            curve.add(equity);
        }
        return curve;
    }

    public static double[] returns(List<BigDecimal> equity) {
        double[] r = new double[Math.max(0, equity.size() - 1)];
        for (int t = 1; t < equity.size(); t++) {
            r[t - 1] = equity.get(t).doubleValue() / equity.get(t - 1).doubleValue() - 1;
        }
        return r;
    }

    public static double periodsPerYear(Duration period) {
        return (double) YEAR.toMillis() / period.toMillis();
    }

    /** mean(r)/stdev(r, n−1)·√P; null with fewer than two returns or no variation. */
    public static Double sharpe(double[] r, double periodsPerYear) {
        if (r.length < 2) {
            return null;
        }
        double mean = mean(r);
        double ss = 0;
        for (double x : r) {
            ss += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(ss / (r.length - 1));
        return sd == 0 ? null : mean / sd * Math.sqrt(periodsPerYear);
    }

    /** mean(r)/√(Σ min(rₜ,0)²/n)·√P; null without returns or without a losing period. */
    public static Double sortino(double[] r, double periodsPerYear) {
        if (r.length == 0) {
            return null;
        }
        double downside = 0;
        for (double x : r) {
            double loss = Math.min(x, 0);
            downside += loss * loss;
        }
        double dd = Math.sqrt(downside / r.length);
        return dd == 0 ? null : mean(r) / dd * Math.sqrt(periodsPerYear);
    }

    /** min over t of Eₜ/max(E₀…Eₜ) − 1: zero without a drawdown, negative otherwise. */
    public static double maxDrawdown(List<BigDecimal> equity) {
        double peak = Double.NEGATIVE_INFINITY;
        double worst = 0;
        for (BigDecimal e : equity) {
            double v = e.doubleValue();
            peak = Math.max(peak, v);
            worst = Math.min(worst, v / peak - 1);
        }
        return worst;
    }

    private static double mean(double[] r) {
        double s = 0;
        for (double x : r) {
            s += x;
        }
        return s / r.length;
    }
}
