package tech.tradeos.execution.model.paper;

import java.math.BigDecimal;
import java.time.Instant;
import tech.tradeos.execution.model.Decimals;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.Ids;
import tech.tradeos.execution.model.Mode;
import tech.tradeos.execution.model.RoutedOrder;

/**
 * Paper fill pricing (docs/README.md §Routing): price = reference + s·m·ATR on the chosen venue's latest book, the
 * reference being its mid ({@link PaperFillModel#MID_ATR}) or the VWAP of walking it at the order size
 * ({@link PaperFillModel#BOOK_WALK}); fee = takerFeeBps/10⁴ · price · Q; slippageBps = s·(price − expectedPrice)/expectedPrice·10⁴.
 */
public final class PaperFills {
    private PaperFills() {
    }

    public static BigDecimal price(BigDecimal reference, int sideSign, BigDecimal atrMultiple, BigDecimal atr) {
        BigDecimal slip = atrMultiple.multiply(atr);
        return Decimals.clean(sideSign > 0 ? reference.add(slip) : reference.subtract(slip));
    }

    /** Signed so that a worse price than expected is positive, for buys and sells alike; null without an expectation. */
    public static BigDecimal slippageBps(int sideSign, BigDecimal price, BigDecimal expected) {
        if (expected == null) {
            return null;
        }
        BigDecimal diff = price.subtract(expected);
        return Decimals.bps(sideSign > 0 ? diff : diff.negate(), expected);
    }

    /**
     * The fill of {@code order} from the venue's current {@code reference} price (mid or book-walk VWAP) and {@code atr};
     * {@code mid} is the arrival benchmark when the order has none. The fillId derives from the orderId, so filling the
     * same order twice gives the same fill.
     */
    public static Fill fill(RoutedOrder order, BigDecimal reference, BigDecimal mid, BigDecimal atr, BigDecimal atrMultiple,
                            BigDecimal takerFeeBps, Instant filledAt) {
        int s = order.side().sign();
        BigDecimal price = price(reference, s, atrMultiple, atr);
        BigDecimal fee = Decimals.clean(Decimals.bpsFraction(takerFeeBps).multiply(price).multiply(order.quantity()));
        BigDecimal arrival = order.arrivalMid() != null ? order.arrivalMid() : mid;
        return new Fill(Ids.paperFillId(order.orderId()), order.orderId(), order.intentId(), order.venue(),
                order.instrument(), order.side(), order.quantity(), price, fee, Mode.PAPER,
                order.expectedPrice(), Decimals.clean(arrival), slippageBps(s, price, order.expectedPrice()),
                order.signalType(), order.action(), order.direction(), filledAt);
    }
}
