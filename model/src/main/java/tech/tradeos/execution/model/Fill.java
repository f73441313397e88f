package tech.tradeos.execution.model;

import java.math.BigDecimal;
import java.time.Instant;

/** An execution of a routed order, paper or live (SPEC §3). Costs are in the venue's quote currency. */
public record Fill(
        String fillId,
        String orderId,
        String intentId,
        String venue,
        String instrument,
        Side side,
        BigDecimal quantity,
        BigDecimal price,
        BigDecimal fee,
        Mode mode,
        BigDecimal expectedPrice,
        BigDecimal arrivalMid,
        BigDecimal slippageBps,
        String signalType,
        Action action,
        Direction direction,
        Instant filledAt) {
}
