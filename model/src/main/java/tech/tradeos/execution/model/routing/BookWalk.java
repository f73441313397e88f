package tech.tradeos.execution.model.routing;

import java.math.BigDecimal;
import java.util.List;
import tech.tradeos.execution.model.PriceLevel;

/**
 * Walking one side of a book for a quantity Q (docs/README.md §Routing): take levels from the top until Q is filled;
 * notional N = Σ pᵢqᵢ. When the side runs out, the rest is priced at the last visible level and
 * reported as shortfall.
 *
 * <p>The walk runs on unscaled longs with overflow checks, which is exact; a book or quantity whose
 * digits do not fit a long takes the same walk in BigDecimal. Both give the same value (tests prove it).
 */
public final class BookWalk {
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private BookWalk() {
    }

    /** The result of a walk: notional N, the base quantity that was missing, and N as a double for screening. */
    public record Walk(BigDecimal notional, BigDecimal shortfall, double notionalApprox) {
        public boolean filled() {
            return shortfall.signum() == 0;
        }
    }

    /** One side of a book; {@code fast} when every price and size fits a long at the side's scales. */
    public static final class Levels {
        final List<PriceLevel> levels;
        final long[] prices;
        final long[] sizes;
        final int priceScale;
        final int sizeScale;
        final boolean fast;

        private Levels(List<PriceLevel> levels, long[] prices, long[] sizes, int priceScale, int sizeScale, boolean fast) {
            this.levels = levels;
            this.prices = prices;
            this.sizes = sizes;
            this.priceScale = priceScale;
            this.sizeScale = sizeScale;
            this.fast = fast;
        }

        static Levels of(List<PriceLevel> levels) {
            int ps = 0;
            int ss = 0;
            for (PriceLevel l : levels) {
                ps = Math.max(ps, l.price().scale());
                ss = Math.max(ss, l.size().scale());
            }
            long[] prices = new long[levels.size()];
            long[] sizes = new long[levels.size()];
            try {
                for (int i = 0; i < levels.size(); i++) {
                    prices[i] = levels.get(i).price().setScale(ps).unscaledValue().longValueExact();
                    sizes[i] = levels.get(i).size().setScale(ss).unscaledValue().longValueExact();
                }
                return new Levels(levels, prices, sizes, ps, ss, ps < POW10.length && ss < POW10.length);
            } catch (ArithmeticException tooWide) {
                return new Levels(levels, null, null, ps, ss, false);
            }
        }

        public boolean isEmpty() {
            return levels.isEmpty();
        }
    }

    /** Walks {@code side} for {@code quantity} (> 0). The side must not be empty. */
    public static Walk walk(Levels side, BigDecimal quantity) {
        if (side.fast && quantity.scale() >= 0 && quantity.scale() < POW10.length) {
            try {
                return walkFast(side, quantity);
            } catch (ArithmeticException overflow) {
                // digits beyond a long: the exact walk below gives the same answer, only slower
            }
        }
        return walkExact(side.levels, quantity);
    }

    private static Walk walkFast(Levels side, BigDecimal quantity) {
        int qs = quantity.scale();
        int cs = Math.max(qs, side.sizeScale);
        long remaining = Math.multiplyExact(quantity.unscaledValue().longValueExact(), pow10(cs - qs));
        long sizeFactor = pow10(cs - side.sizeScale);
        long notional = 0;
        long[] prices = side.prices;
        long[] sizes = side.sizes;
        int n = prices.length;
        for (int i = 0; i < n && remaining > 0; i++) {
            long size = Math.multiplyExact(sizes[i], sizeFactor);
            long take = Math.min(remaining, size);
            notional = Math.addExact(notional, Math.multiplyExact(prices[i], take));
            remaining -= take;
        }
        if (remaining > 0) {
            notional = Math.addExact(notional, Math.multiplyExact(prices[n - 1], remaining));
        }
        int scale = side.priceScale + cs;
        double approx = scale < POW10.length ? (double) notional / POW10[scale] : notional / Math.pow(10, scale);
        return new Walk(BigDecimal.valueOf(notional, scale), BigDecimal.valueOf(remaining, cs), approx);
    }

    /** The walk in BigDecimal, straight from the formula. */
    static Walk walkExact(List<PriceLevel> levels, BigDecimal quantity) {
        BigDecimal remaining = quantity;
        BigDecimal notional = BigDecimal.ZERO;
        for (PriceLevel level : levels) {
            if (remaining.signum() <= 0) {
                break;
            }
            BigDecimal take = remaining.min(level.size());
            notional = notional.add(level.price().multiply(take));
            remaining = remaining.subtract(take);
        }
        if (remaining.signum() > 0) {
            notional = notional.add(levels.get(levels.size() - 1).price().multiply(remaining));
        } else {
            remaining = BigDecimal.ZERO;
        }
        return new Walk(notional, remaining, notional.doubleValue());
    }

    private static long pow10(int exponent) {
        if (exponent >= POW10.length) {
            throw new ArithmeticException("10^" + exponent + " does not fit a long");
        }
        return POW10[exponent];
    }
}
