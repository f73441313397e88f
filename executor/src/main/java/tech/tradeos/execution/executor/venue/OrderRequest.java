package tech.tradeos.execution.executor.venue;

import java.math.BigDecimal;
import java.time.Instant;
import tech.tradeos.execution.model.Side;

/**
 * A marketable limit IOC order as it goes to the venue: already rounded to the venue's lot step and tick.
 *
 * @param deadline after which the venue must not match it (where the venue supports one): an order whose
 *                 answer was lost is then known never to trade once the deadline has passed
 */
public record OrderRequest(String clientOrderId, String symbol, Side side, BigDecimal quantity, BigDecimal limitPrice,
                           Instant deadline) {
}
