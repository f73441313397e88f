package tech.tradeos.execution.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The decimal conventions every message follows, with hand-computed values. */
class DecimalsTest {
    @Test
    void bpsIsTheAmountOverTheBaseTimesTenThousandAtTwelvePlaces() {
        assertThat(Decimals.bps(new BigDecimal("12.5"), new BigDecimal("50000"))).isEqualTo(new BigDecimal("2.5"));
        assertThat(Decimals.bps(new BigDecimal("-3"), new BigDecimal("100"))).isEqualTo(new BigDecimal("-300"));
        // 1/3 · 10⁴ = 3333.333333333333… → 12 places, half-even
        assertThat(Decimals.bps(BigDecimal.ONE, new BigDecimal("3"))).isEqualTo(new BigDecimal("3333.333333333333"));
        assertThat(Decimals.bps(BigDecimal.ZERO, new BigDecimal("7"))).isEqualTo(BigDecimal.ZERO);
    }

    @Test
    void bpsOfNoBaseIsUnknown() {
        assertThat(Decimals.bps(BigDecimal.ONE, null)).isNull();
        assertThat(Decimals.bps(BigDecimal.ONE, new BigDecimal("0.000"))).isNull();
    }

    @Test
    void cleanGivesTheShortestExactForm() {
        assertThat(Decimals.clean(new BigDecimal("33500.150000"))).isEqualTo(new BigDecimal("33500.15"));
        assertThat(Decimals.clean(new BigDecimal("1E+2"))).isEqualTo(new BigDecimal("100"));
        assertThat(Decimals.clean(new BigDecimal("0.000"))).isSameAs(BigDecimal.ZERO);
        assertThat(Decimals.clean(null)).isNull();
    }
}
