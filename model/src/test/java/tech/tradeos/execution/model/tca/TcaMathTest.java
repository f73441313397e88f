package tech.tradeos.execution.model.tca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static tech.tradeos.execution.model.Fixtures.dec;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/README.md §TCA's formulas against series worked out independently (Python statistics, quantstats' definitions). */
class TcaMathTest {
    private static final double P = 8760; // hourly periods in a 365-day year

    private static List<BigDecimal> equity(long... values) {
        return java.util.Arrays.stream(values).mapToObj(BigDecimal::valueOf).toList();
    }

    @Test
    void upsAndDowns() {
        List<BigDecimal> e = equity(100000, 101000, 100000, 102000);
        double[] r = TcaMath.returns(e);
        assertThat(r).containsExactly(new double[]{0.01, 100000.0 / 101000 - 1, 0.02}, within(1e-15));
        assertThat(TcaMath.sharpe(r, P)).isCloseTo(41.19601030058077, within(1e-9));
        assertThat(TcaMath.sortino(r, P)).isCloseTo(109.69515941918313, within(1e-9));
        assertThat(TcaMath.maxDrawdown(e)).isCloseTo(-0.00990099009900991, within(1e-15));
    }

    @Test
    void aLosingStreak() {
        List<BigDecimal> e = equity(100000, 99000, 98000, 97000);
        double[] r = TcaMath.returns(e);
        assertThat(TcaMath.sharpe(r, P)).isCloseTo(-9265.419601789352, within(1e-6));
        assertThat(TcaMath.sortino(r, P)).isCloseTo(-93.5916883177738, within(1e-9));
        assertThat(TcaMath.maxDrawdown(e)).isCloseTo(-0.03, within(1e-15));
    }

    @Test
    void aFlatSeriesHasNoRatios() {
        List<BigDecimal> e = equity(100000, 100000, 100000);
        double[] r = TcaMath.returns(e);
        assertThat(TcaMath.sharpe(r, P)).isNull();
        assertThat(TcaMath.sortino(r, P)).isNull();
        assertThat(TcaMath.maxDrawdown(e)).isZero();
    }

    @Test
    void aSinglePeriodHasNoSharpe() {
        List<BigDecimal> e = equity(100000, 101000);
        double[] r = TcaMath.returns(e);
        assertThat(TcaMath.sharpe(r, P)).isNull();
        assertThat(TcaMath.sortino(r, P)).as("no losing period").isNull();
        assertThat(TcaMath.maxDrawdown(e)).isZero();
        assertThat(TcaMath.sharpe(TcaMath.returns(equity(100000)), P)).isNull();
    }

    @Test
    void theEquityCurveSamplesRealizedPnlPerPeriod() {
        Instant h10 = Instant.parse("2026-11-25T10:15:00Z");
        List<TcaMath.Realized> trades = List.of(
                new TcaMath.Realized(h10, dec("100")),
                new TcaMath.Realized(h10.plusSeconds(600), dec("-30")),
                new TcaMath.Realized(h10.plusSeconds(3 * 3600), dec("50")));   // 13:15, two quiet hours between
        assertThat(TcaMath.equityCurve(dec("100000"), trades, Duration.ofHours(1)))
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(dec("100000"), dec("100070"), dec("100070"), dec("100070"), dec("100120"));
        assertThat(TcaMath.equityCurve(dec("100000"), List.of(), Duration.ofHours(1))).hasSize(1);
        assertThat(TcaMath.periodsPerYear(Duration.ofHours(1))).isEqualTo(8760);
        assertThat(TcaMath.periodsPerYear(Duration.ofDays(1))).isEqualTo(365);
    }

    @Test
    void arrivalShortfallIsSignedSoWorseIsPositive() {
        assertThat(TcaMath.arrivalShortfallBps(1, dec("100.1"), dec("100"))).isEqualByComparingTo("10");
        assertThat(TcaMath.arrivalShortfallBps(-1, dec("100.1"), dec("100"))).isEqualByComparingTo("-10");
        assertThat(TcaMath.arrivalShortfallBps(1, dec("100"), null)).isNull();
    }
}
