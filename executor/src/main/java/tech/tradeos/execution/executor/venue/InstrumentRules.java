package tech.tradeos.execution.executor.venue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import tech.tradeos.execution.model.Side;

/**
 * What a venue accepts for one instrument: the lot step quantities are multiples of, the tick prices are
 * multiples of, and the minimum size and notional. Loaded from the venue's public instrument endpoint at
 * start (and refreshed), with config overrides.
 *
 * @param minNotional zero when the venue sets none
 */
public record InstrumentRules(String venue, String symbol, BigDecimal lotStep, BigDecimal tick, BigDecimal minQuantity,
                              BigDecimal minNotional) {
    public InstrumentRules {
        if (lotStep.signum() <= 0 || tick.signum() <= 0 || minQuantity.signum() < 0 || minNotional.signum() < 0) {
            throw new IllegalArgumentException("instrument rules of " + venue + " " + symbol + " must be positive");
        }
    }

    /** The quantity rounded down to the lot step: never more than was asked for. */
    public BigDecimal roundQuantity(BigDecimal quantity) {
        return quantity.divide(lotStep, 0, RoundingMode.DOWN).multiply(lotStep).stripTrailingZeros();
    }

    /**
     * The limit price of a marketable IOC order: {@code reference} moved against us by {@code maxSlippageBps},
     * then rounded to the tick on the side that stays within the bound (a buy's cap down, a sell's floor up).
     */
    public BigDecimal limitPrice(Side side, BigDecimal reference, BigDecimal maxSlippageBps) {
        BigDecimal move = BigDecimal.ONE.add(maxSlippageBps.movePointLeft(4).multiply(side == Side.BUY ? BigDecimal.ONE : BigDecimal.ONE.negate()));
        BigDecimal bound = reference.multiply(move);
        RoundingMode mode = side == Side.BUY ? RoundingMode.DOWN : RoundingMode.UP;
        return bound.divide(tick, 0, mode).multiply(tick).stripTrailingZeros();
    }

    /** Why {@code quantity} at {@code price} cannot be sent; null when it can. */
    public String refusal(BigDecimal quantity, BigDecimal price) {
        if (quantity.signum() <= 0) {
            return "quantity rounds to 0 at " + venue + "'s lot step " + lotStep.toPlainString() + " for " + symbol;
        }
        if (quantity.compareTo(minQuantity) < 0) {
            return "quantity " + quantity.toPlainString() + " is below " + venue + "'s minimum " + minQuantity.toPlainString()
                    + " for " + symbol;
        }
        BigDecimal notional = quantity.multiply(price);
        if (notional.compareTo(minNotional) < 0) {
            return "notional " + notional.stripTrailingZeros().toPlainString() + " is below " + venue + "'s minimum "
                    + minNotional.toPlainString() + " for " + symbol;
        }
        return null;
    }
}
