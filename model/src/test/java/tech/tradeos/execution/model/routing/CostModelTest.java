package tech.tradeos.execution.model.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.config.VenueConfig;

/** The cost terms' fast forms by hand: total = N·(s + f + p·Σr), bound = ε·|N|·(|s| + |f| + |p·Σr|). */
class CostModelTest {
    private static final TradeosConfig CONFIG = ConfigLoader.load(null, Map.of());
    private static final VenueConfig KRAKEN_FUTURES = CONFIG.venues().get("KRAKEN_FUTURES"); // 5 bps

    @Test
    void aLongBuyOnAPerpPaysFillFeeAndCarry() {
        // N = 33510, s = +1, f = 0.0005, p·Σr = +1 · 0.0048 (48 hourly settlements of 0.0001)
        CostModel.Screen screen = CostModel.screen(KRAKEN_FUTURES, 33510, 1, 1, 0.0048);
        assertThat(screen.total()).isCloseTo(33510 * 1.0053, within(1e-6)); // 33687.603
        assertThat(screen.errorBound()).isCloseTo(1e-9 * 33510 * 1.0053, within(1e-15));
    }

    @Test
    void aShortSellReceivesTheFillAndTheCarry() {
        // s = −1, p = −1: total = N·(−1 + 0.0005 − 0.0048); every term adds to the bound by its magnitude
        CostModel.Screen screen = CostModel.screen(KRAKEN_FUTURES, 33510, -1, -1, 0.0048);
        assertThat(screen.total()).isCloseTo(33510 * (-1 + 0.0005 - 0.0048), within(1e-6));
        assertThat(screen.errorBound()).isCloseTo(1e-9 * 33510 * (1 + 0.0005 + 0.0048), within(1e-15));
    }

    @Test
    void theTermsAreTheFillTheFeeAndTheCarryInThatOrder() {
        assertThat(CostModel.TERMS).containsExactly(CostModel.FILL, CostModel.FEE, CostModel.CARRY);
        assertThat(CostModel.FEE.approxRate(KRAKEN_FUTURES, 1, 1, 0)).isEqualTo(new BigDecimal("5").doubleValue() / 10_000);
        assertThat(CostModel.CARRY.approxRate(KRAKEN_FUTURES, 1, -1, 0.01)).isEqualTo(-0.01);
    }
}
