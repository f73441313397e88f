package tech.tradeos.execution.executor.venue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import tech.tradeos.execution.model.OrderState;

/**
 * An order as its venue reports it, mapped onto the product's lifecycle.
 *
 * @param reason the venue's words when it rejected, canceled or expired the order; null otherwise
 */
public record VenueOrder(String clientOrderId, String venueOrderId, OrderState state, BigDecimal quantity,
                         BigDecimal filledQuantity, BigDecimal averagePrice, BigDecimal fees, String reason,
                         List<Execution> executions) {

    /**
     * One venue execution (trade) of the order; {@code tradeId} is the venue's own, unique per venue. {@code fee} is
     * valued in the quote; {@code feeAsset} and {@code feeCharged} say what the venue actually took (BTC 0.0005 for a
     * Binance spot buy, BNB, or the quote) — null where the venue does not say. A spot balance moves by
     * {@code quantity} less {@code feeCharged} when {@code feeAsset} is the base asset.
     */
    public record Execution(String tradeId, BigDecimal quantity, BigDecimal price, BigDecimal fee, Instant executedAt,
                            String feeAsset, BigDecimal feeCharged) {
        /** An execution whose fee asset the venue does not report (taken as the quote). */
        public Execution(String tradeId, BigDecimal quantity, BigDecimal price, BigDecimal fee, Instant executedAt) {
            this(tradeId, quantity, price, fee, executedAt, null, null);
        }
    }

    public VenueOrder {
        executions = executions == null ? List.of() : List.copyOf(executions);
    }

    public static VenueOrder rejected(String clientOrderId, BigDecimal quantity, String reason) {
        return new VenueOrder(clientOrderId, null, OrderState.REJECTED, quantity, BigDecimal.ZERO, null, BigDecimal.ZERO,
                reason, List.of());
    }
}
