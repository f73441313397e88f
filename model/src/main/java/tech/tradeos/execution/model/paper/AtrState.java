package tech.tradeos.execution.model.paper;

import java.math.BigDecimal;
import java.time.Instant;
import tech.tradeos.execution.model.Decimals;

/**
 * Wilder's ATR(14) over 1-minute bars of a venue's mid, kept incrementally (docs/README.md §Routing) so a store holds
 * a few numbers per venue instead of a history. A bar's high/low/close are the max, min and last mid
 * of the snapshots in that minute; minutes without a snapshot have no bar.
 * TR = max(H−L, |H−Cprev|, |L−Cprev|) (H−L for the very first bar); the first ATR is the mean of the
 * first 14 TRs, then ATR = (ATR·13 + TR)/14; with fewer than 14 bars, the mean of those there are.
 * The bar in progress counts as the latest bar. Divisions keep {@value Decimals#DIVISION_SCALE} places.
 *
 * @param completedBars bars before the current one
 * @param trSum         Σ TR of the completed bars while fewer than 14 are complete
 * @param atr           Wilder ATR over the completed bars once 14 are complete, else null
 * @param prevClose     close of the last completed bar, null before the first
 * @param barMinute     epoch minute of the current bar, -1 when there is none yet
 */
public record AtrState(
        int completedBars,
        BigDecimal trSum,
        BigDecimal atr,
        BigDecimal prevClose,
        long barMinute,
        BigDecimal high,
        BigDecimal low,
        BigDecimal close) {

    public static final int PERIOD = 14;
    private static final BigDecimal PERIOD_D = BigDecimal.valueOf(PERIOD);
    private static final BigDecimal PERIOD_MINUS_ONE = BigDecimal.valueOf(PERIOD - 1L);

    public static final AtrState EMPTY = new AtrState(0, BigDecimal.ZERO, null, null, -1, null, null, null);

    /** The state after a mid observed at {@code at}; mids older than the current bar's minute are ignored. */
    public AtrState withMid(Instant at, BigDecimal mid) {
        long minute = Math.floorDiv(at.toEpochMilli(), 60_000L);
        if (barMinute < 0) {
            return new AtrState(0, BigDecimal.ZERO, null, null, minute, mid, mid, mid);
        }
        if (minute == barMinute) {
            return new AtrState(completedBars, trSum, atr, prevClose, barMinute, high.max(mid), low.min(mid), mid);
        }
        if (minute < barMinute) {
            return this;
        }
        BigDecimal tr = trueRange(high, low, prevClose);
        int completed = completedBars + 1;
        BigDecimal sum = trSum;
        BigDecimal nextAtr = atr;
        if (completed < PERIOD) {
            sum = sum.add(tr);
        } else if (completed == PERIOD) {
            nextAtr = Decimals.divide(sum.add(tr), PERIOD_D);
            sum = BigDecimal.ZERO;
        } else {
            nextAtr = wilder(atr, tr);
        }
        return new AtrState(completed, sum, nextAtr, close, minute, mid, mid, mid);
    }

    /** ATR including the bar in progress; {@code spread} when there is no bar at all. */
    public BigDecimal atr(BigDecimal spread) {
        if (barMinute < 0) {
            return spread;
        }
        BigDecimal tr = trueRange(high, low, prevClose);
        int bars = completedBars + 1;
        if (bars < PERIOD) {
            return Decimals.divide(trSum.add(tr), BigDecimal.valueOf(bars));
        }
        if (bars == PERIOD) {
            return Decimals.divide(trSum.add(tr), PERIOD_D);
        }
        return wilder(atr, tr);
    }

    public int bars() {
        return barMinute < 0 ? 0 : completedBars + 1;
    }

    static BigDecimal trueRange(BigDecimal high, BigDecimal low, BigDecimal prevClose) {
        BigDecimal range = high.subtract(low);
        if (prevClose == null) {
            return range;
        }
        return range.max(high.subtract(prevClose).abs()).max(low.subtract(prevClose).abs());
    }

    private static BigDecimal wilder(BigDecimal atr, BigDecimal tr) {
        return Decimals.divide(atr.multiply(PERIOD_MINUS_ONE).add(tr), PERIOD_D);
    }
}
