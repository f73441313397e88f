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

    /** One venue execution (trade) of the order; {@code tradeId} is the venue's own, unique per venue. */
    public record Execution(String tradeId, BigDecimal quantity, BigDecimal price, BigDecimal fee, Instant executedAt) {
    }

    public VenueOrder {
        executions = executions == null ? List.of() : List.copyOf(executions);
    }

    public static VenueOrder rejected(String clientOrderId, BigDecimal quantity, String reason) {
        return new VenueOrder(clientOrderId, null, OrderState.REJECTED, quantity, BigDecimal.ZERO, null, BigDecimal.ZERO,
                reason, List.of());
    }
}
