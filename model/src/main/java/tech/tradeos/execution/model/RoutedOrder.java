package tech.tradeos.execution.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The SOR's decision for one intent: the venue, the order to place there and why (docs/README.md §Messages).
 * {@code arrivalMid} is the chosen venue's mid at routing, the benchmark of arrival-price TCA;
 * {@code counterfactual} is what the static priority list would have chosen, and what the choice saved.
 */
public record RoutedOrder(
        String orderId,
        String intentId,
        String instrument,
        String venue,
        String venueSymbol,
        Market market,
        Side side,
        BigDecimal quantity,
        String orderType,
        Mode mode,
        Decision decision,
        BigDecimal expectedPrice,
        BigDecimal fee,
        BigDecimal carry,
        BigDecimal totalCost,
        BigDecimal depthShortfall,
        BigDecimal arrivalMid,
        String signalType,
        Action action,
        Direction direction,
        BigDecimal expectedHoldHours,
        Instant intentTime,
        Instant routedAt,
        List<Candidate> candidates,
        Counterfactual counterfactual) {

    public static final String MARKET_ORDER = "MARKET";

    public RoutedOrder {
        Checks.text(orderId, "orderId");
        Checks.text(intentId, "intentId");
        Checks.text(instrument, "instrument");
        Checks.text(venue, "venue");
        Checks.required(side, "side");
        Checks.positive(quantity, "quantity");
        Checks.required(mode, "mode");
        Checks.optionalText(signalType, "signalType");
        Checks.instant(routedAt, "routedAt");
        candidates = List.copyOf(Checks.required(candidates, "candidates"));
    }

    /** An order without its counterfactual (written by versions before it, or built by hand). */
    public RoutedOrder(String orderId, String intentId, String instrument, String venue, String venueSymbol, Market market,
                       Side side, BigDecimal quantity, String orderType, Mode mode, Decision decision,
                       BigDecimal expectedPrice, BigDecimal fee, BigDecimal carry, BigDecimal totalCost,
                       BigDecimal depthShortfall, BigDecimal arrivalMid, String signalType, Action action,
                       Direction direction, BigDecimal expectedHoldHours, Instant intentTime, Instant routedAt,
                       List<Candidate> candidates) {
        this(orderId, intentId, instrument, venue, venueSymbol, market, side, quantity, orderType, mode, decision,
                expectedPrice, fee, carry, totalCost, depthShortfall, arrivalMid, signalType, action, direction,
                expectedHoldHours, intentTime, routedAt, candidates, null);
    }
}
