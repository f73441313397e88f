package tech.tradeos.execution.model.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static tech.tradeos.execution.model.Fixtures.T0;
import static tech.tradeos.execution.model.Fixtures.dec;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.Decision;
import tech.tradeos.execution.model.Direction;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.Ids;
import tech.tradeos.execution.model.Market;
import tech.tradeos.execution.model.Mode;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.Side;

/** docs/README.md §Routing: price = mid + s·m·ATR; fee on the fill price; slippage against the SOR's VWAP. */
class PaperFillsTest {
    private static RoutedOrder order(Side side, Direction direction, String expected, String arrivalMid) {
        return new RoutedOrder(Ids.orderId("BTC-USD", "i-1"), "i-1", "BTC-USD", "KRAKEN_SPOT", "XBT/USD", Market.SPOT, side,
                dec("0.5"), "MARKET", Mode.PAPER, Decision.BEST_COST, dec(expected), dec("134"), BigDecimal.ZERO,
                dec("33634"), BigDecimal.ZERO, arrivalMid == null ? null : dec(arrivalMid), "momentum", Action.OPEN,
                direction, dec("48"), T0, T0, List.of());
    }

    @Test
    void aBuyFillsAboveTheMidByTheAtrMultiple() {
        // 67000.25 + 0.1·4 = 67000.65; fee 0.004·67000.65·0.5 = 134.0013
        Fill fill = PaperFills.fill(order(Side.BUY, Direction.LONG, "67000.72", "67000.25"),
                dec("67000.25"), dec("67000.25"), dec("4"), dec("0.1"), dec("40"), T0);
        assertThat(fill.price()).isEqualByComparingTo("67000.65");
        assertThat(fill.fee()).isEqualByComparingTo("134.0013");
        // (67000.65 − 67000.72)/67000.72·10⁴: better than expected, so negative
        assertThat(fill.slippageBps()).isEqualByComparingTo("-0.010447648921");
        assertThat(fill.arrivalMid()).isEqualByComparingTo("67000.25");
        assertThat(fill.mode()).isEqualTo(Mode.PAPER);
        assertThat(fill.fillId()).isEqualTo(Ids.paperFillId(fill.orderId())).startsWith("fill-");
    }

    @Test
    void aSellFillsBelowTheMidAndWorseIsPositive() {
        // 67000.25 − 0.4 = 66999.85 against an expected 67000.10: −(66999.85 − 67000.10)/67000.10·10⁴
        Fill fill = PaperFills.fill(order(Side.SELL, Direction.SHORT, "67000.10", null),
                dec("67000.25"), dec("67000.25"), dec("4"), dec("0.1"), dec("5"), T0);
        assertThat(fill.price()).isEqualByComparingTo("66999.85");
        assertThat(fill.slippageBps()).isEqualByComparingTo("0.037313377144");
        assertThat(fill.arrivalMid()).as("defaults to the mid at fill").isEqualByComparingTo("67000.25");
        assertThat(fill.fee()).isEqualByComparingTo("16.7499625");
    }

    @Test
    void noExpectationMeansNoSlippageFigure() {
        assertThat(PaperFills.slippageBps(1, dec("100"), null)).isNull();
    }
}
