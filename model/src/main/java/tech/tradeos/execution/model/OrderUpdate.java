package tech.tradeos.execution.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One state change of a live order at its venue, on {@code execution.orders.updates} (key orderId), from the
 * execution stage: what the router clears or keeps its pending order by, and what the ledger keeps as the
 * order's history. {@code filledQuantity} is the order's total executed so far; on a terminal state it is
 * final, and the router keeps the order pending until that much has been filled on {@code execution.fills}.
 *
 * @param clientOrderId the id the order was placed under at the venue (derived from orderId)
 * @param venueOrderId  the venue's own id; null until the venue acknowledged the order
 * @param averagePrice  of the executions so far; null while nothing executed
 * @param reason        the venue's words (or the executor's) for REJECTED, CANCELED, EXPIRED; null otherwise
 */
public record OrderUpdate(
        String orderId,
        String intentId,
        String instrument,
        String venue,
        String clientOrderId,
        String venueOrderId,
        OrderState state,
        BigDecimal quantity,
        BigDecimal filledQuantity,
        BigDecimal averagePrice,
        BigDecimal fees,
        String reason,
        Instant updatedAt) {
    public static final int MAX_REASON = 500;

    public OrderUpdate {
        Checks.text(orderId, "orderId");
        Checks.text(intentId, "intentId");
        Checks.text(instrument, "instrument");
        Checks.text(venue, "venue");
        Checks.text(clientOrderId, "clientOrderId");
        if (venueOrderId != null) {
            Checks.text(venueOrderId, "venueOrderId");
        }
        Checks.required(state, "state");
        Checks.positive(quantity, "quantity");
        Checks.decimal(filledQuantity, "filledQuantity");
        if (filledQuantity.signum() < 0 || filledQuantity.compareTo(quantity) > 0) {
            throw new IllegalArgumentException("filledQuantity must be between 0 and quantity " + quantity.toPlainString()
                    + ", got " + filledQuantity.toPlainString());
        }
        Checks.optionalDecimal(averagePrice, "averagePrice");
        Checks.decimal(fees, "fees");
        if (reason != null) {
            // a venue's words: kept, but never with control characters or unbounded
            reason = reason.replaceAll("\\p{Cntrl}", " ");
            reason = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason;
        }
        Checks.instant(updatedAt, "updatedAt");
    }
}
