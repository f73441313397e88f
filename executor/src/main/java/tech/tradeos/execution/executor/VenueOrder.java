package tech.tradeos.execution.executor;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An order as a venue reports it.
 *
 * @param reason the venue's own words when it rejected, canceled or expired the order; null otherwise
 */
public record VenueOrder(String clientOrderId, String venueOrderId, State state, BigDecimal filledQuantity,
                         BigDecimal averagePrice, BigDecimal fees, String reason, Instant updatedAt,
                         List<Execution> executions) {

    /** The order lifecycle every adapter maps its venue's states onto. */
    public enum State { NEW, ACKED, PARTIALLY_FILLED, FILLED, CANCELED, REJECTED, EXPIRED }

    /** One venue execution (trade) of the order; {@code tradeId} is the venue's and unique per venue. */
    public record Execution(String tradeId, BigDecimal quantity, BigDecimal price, BigDecimal fee, Instant executedAt) {
    }

    public VenueOrder {
        executions = executions == null ? List.of() : List.copyOf(executions);
    }
}
