package tech.tradeos.execution.model;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Decimal conventions shared by the engine and the messages it writes. */
public final class Decimals {
    /** Digits kept after the point where a division cannot be exact (VWAP, ATR, bps). */
    public static final int DIVISION_SCALE = 12;
    public static final RoundingMode ROUNDING = RoundingMode.HALF_EVEN;
    public static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);

    private Decimals() {
    }

    /** The shortest exact form ({@code 33500.150000 → 33500.15}, {@code 1E+2 → 100}); null stays null. */
    public static BigDecimal clean(BigDecimal value) {
        if (value == null) {
            return null;
        }
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    public static BigDecimal divide(BigDecimal dividend, BigDecimal divisor) {
        return clean(dividend.divide(divisor, DIVISION_SCALE, ROUNDING));
    }

    /**
     * {@code amount} as basis points of {@code base}: amount·10⁴/base at {@link #DIVISION_SCALE} places, cleaned;
     * null when there is no base (null or zero). Every bps figure the project writes is this division.
     */
    public static BigDecimal bps(BigDecimal amount, BigDecimal base) {
        return base == null || base.signum() == 0 ? null : divide(amount.multiply(TEN_THOUSAND), base);
    }

    /** bps as a fraction: 40 → 0.0040. Exact. */
    public static BigDecimal bpsFraction(BigDecimal bps) {
        return bps.movePointLeft(4);
    }
}
