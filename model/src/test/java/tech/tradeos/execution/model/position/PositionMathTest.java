package tech.tradeos.execution.model.position;

import static org.assertj.core.api.Assertions.assertThat;
import static tech.tradeos.execution.model.Fixtures.T0;
import static tech.tradeos.execution.model.Fixtures.dec;

import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.Direction;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.Mode;
import tech.tradeos.execution.model.Side;

/** Positions and realized P&L net of both sides' fees, worked by hand. */
class PositionMathTest {
    private static Fill fill(String id, Side side, String qty, String price, String fee, String signal) {
        return new Fill(id, "o-" + id, "i-" + id, "KRAKEN_SPOT", "BTC-USD", side, dec(qty), dec(price), dec(fee),
                Mode.PAPER, null, null, null, signal, Action.OPEN, Direction.LONG, T0);
    }

    @Test
    void aLongIsOpenedAddedToReducedFlippedAndClosed() {
        Position p = Position.flat("BTC-USD", "KRAKEN_SPOT");

        p = PositionMath.apply(p, fill("1", Side.BUY, "1", "100", "0.4", "momentum")).position();
        assertThat(p.quantity()).isEqualByComparingTo("1");
        assertThat(p.avgEntry()).isEqualByComparingTo("100");
        assertThat(p.entryFees()).isEqualByComparingTo("0.4");
        assertThat(p.status()).isEqualTo(PositionStatus.OPEN);
        assertThat(p.signalType()).isEqualTo("momentum");
        assertThat(p.version()).isEqualTo(1);

        // add 1 @ 110: average (100 + 110)/2
        p = PositionMath.apply(p, fill("2", Side.BUY, "1", "110", "0.44", "breakout")).position();
        assertThat(p.quantity()).isEqualByComparingTo("2");
        assertThat(p.avgEntry()).isEqualByComparingTo("105");
        assertThat(p.entryFees()).isEqualByComparingTo("0.84");
        assertThat(p.signalType()).as("the opening signal keeps the position").isEqualTo("momentum");

        // sell 0.5 @ 120: (120 − 105)·0.5 = 7.5 − closing fee 0.24 − entry fees 0.84·0.5/2 = 0.21 → 7.05
        PositionMath.Applied reduced = PositionMath.apply(p, fill("3", Side.SELL, "0.5", "120", "0.24", "exit"));
        p = reduced.position();
        assertThat(reduced.closed().realizedPnl()).isEqualByComparingTo("7.05");
        assertThat(reduced.closed().signalType()).isEqualTo("momentum");
        assertThat(reduced.closed().win()).isTrue();
        assertThat(p.quantity()).isEqualByComparingTo("1.5");
        assertThat(p.avgEntry()).isEqualByComparingTo("105");
        assertThat(p.entryFees()).isEqualByComparingTo("0.63");
        assertThat(p.realizedPnl()).isEqualByComparingTo("7.05");

        // sell 2.5 @ 100: closes 1.5: (100 − 105)·1.5 = −7.5 − fee share 1.0·1.5/2.5 = 0.6 − 0.63 → −8.73; 1 opens short
        PositionMath.Applied flipped = PositionMath.apply(p, fill("4", Side.SELL, "2.5", "100", "1.0", "reversal"));
        p = flipped.position();
        assertThat(flipped.closed().realizedPnl()).isEqualByComparingTo("-8.73");
        assertThat(flipped.closed().quantity()).isEqualByComparingTo("1.5");
        assertThat(flipped.closed().win()).isFalse();
        assertThat(p.quantity()).isEqualByComparingTo("-1");
        assertThat(p.avgEntry()).isEqualByComparingTo("100");
        assertThat(p.entryFees()).isEqualByComparingTo("0.4");
        assertThat(p.signalType()).isEqualTo("reversal");
        assertThat(p.realizedPnl()).isEqualByComparingTo("-1.68");

        // buy 1 @ 90 closes the short: (90 − 100)·1·(−1) = 10 − 0.36 − 0.4 → 9.24
        PositionMath.Applied closed = PositionMath.apply(p, fill("5", Side.BUY, "1", "90", "0.36", "exit"));
        p = closed.position();
        assertThat(closed.closed().realizedPnl()).isEqualByComparingTo("9.24");
        assertThat(closed.closed().signalType()).isEqualTo("reversal");
        assertThat(p.quantity()).isEqualByComparingTo("0");
        assertThat(p.status()).isEqualTo(PositionStatus.CLOSED);
        assertThat(p.realizedPnl()).isEqualByComparingTo("7.56");
        assertThat(p.entryFees()).isEqualByComparingTo("0");
        assertThat(p.version()).isEqualTo(5);
    }

    @Test
    void aPendingOrderKeepsThePositionUnconfirmed() {
        assertThat(Position.statusOf(dec("1"), 1)).isEqualTo(PositionStatus.UNCONFIRMED);
        assertThat(Position.statusOf(dec("0"), 1)).isEqualTo(PositionStatus.UNCONFIRMED);
        assertThat(Position.statusOf(dec("0"), 0)).isEqualTo(PositionStatus.CLOSED);
        assertThat(Position.statusOf(dec("-2"), 0)).isEqualTo(PositionStatus.OPEN);
    }
}
