package tech.tradeos.execution.model.routing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.Candidate;
import tech.tradeos.execution.model.Decimals;
import tech.tradeos.execution.model.Decision;
import tech.tradeos.execution.model.Ids;
import tech.tradeos.execution.model.Mode;
import tech.tradeos.execution.model.RoutedOrder;

/**
 * The venue the SOR chose for an intent and every venue it weighed. Cheap to produce; the decimal
 * figures of the order are computed by {@link #toRoutedOrder}.
 */
public record RoutingDecision(ApprovedIntent intent, Mode mode, Decision decision, VenueQuote chosen,
                              List<VenueQuote> quotes) {

    public RoutedOrder toRoutedOrder(Instant routedAt) {
        boolean priced = chosen.priced();
        // every candidate's decimals are derived once; the chosen venue's figures are its candidate's
        List<Candidate> candidates = quotes.stream().map(VenueQuote::toCandidate).toList();
        Candidate mine = candidates.stream().filter(c -> c.venue().equals(chosen.venue())).findFirst()
                .orElseGet(chosen::toCandidate);
        return new RoutedOrder(
                Ids.orderId(intent.instrument(), intent.intentId()),
                intent.intentId(),
                intent.instrument(),
                chosen.venue(),
                chosen.venueSymbol(),
                chosen.market(),
                intent.side(),
                intent.quantity(),
                RoutedOrder.MARKET_ORDER,
                mode,
                decision,
                priced ? mine.vwap() : null,
                priced ? mine.fee() : null,
                priced ? mine.carry() : null,
                priced ? mine.totalCost() : null,
                priced ? mine.depthShortfall() : BigDecimal.ZERO,
                chosen.book() == null ? null : Decimals.clean(chosen.book().mid()),
                intent.signalType(),
                intent.action(),
                intent.direction(),
                intent.expectedHoldHours(),
                intent.createdAt(),
                routedAt,
                candidates);
    }
}
