package tech.tradeos.execution.model;

import java.math.BigDecimal;
import java.time.Instant;

/** An execution of a routed order, paper or live (docs/README.md §Messages). Costs are in the venue's quote currency. */
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
    /** Every field the ledger writes is checked here, where the sink reads it: a record that breaks one is dead-lettered. */
    public Fill {
        Checks.text(fillId, "fillId");
        Checks.text(orderId, "orderId");
        Checks.text(intentId, "intentId");
        Checks.text(venue, "venue");
        Checks.text(instrument, "instrument");
        Checks.required(side, "side");
        Checks.positive(quantity, "quantity");
        Checks.positive(price, "price");
        Checks.decimal(fee, "fee"); // a maker rebate is a negative fee
        Checks.required(mode, "mode");
        Checks.optionalDecimal(expectedPrice, "expectedPrice");
        Checks.optionalDecimal(arrivalMid, "arrivalMid");
        Checks.optionalDecimal(slippageBps, "slippageBps");
        Checks.text(signalType, "signalType"); // P&L and TCA are attributed to it
        Checks.required(action, "action");
        Checks.required(direction, "direction");
        Checks.instant(filledAt, "filledAt");
    }
}
