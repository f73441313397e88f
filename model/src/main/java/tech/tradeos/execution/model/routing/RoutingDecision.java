package tech.tradeos.execution.model.routing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.Candidate;
import tech.tradeos.execution.model.Counterfactual;
import tech.tradeos.execution.model.Decimals;
import tech.tradeos.execution.model.Decision;
import tech.tradeos.execution.model.Ids;
import tech.tradeos.execution.model.Mode;
import tech.tradeos.execution.model.RoutedOrder;

/**
 * The venue the SOR chose for an intent, every venue it weighed, and the venue the static priority list
 * would have chosen ({@code staticChoice}: the first eligible venue in priority order; the chosen one on a
 * fallback). Cheap to produce; the decimal figures of the order are computed by {@link #toRoutedOrder}.
 */
public record RoutingDecision(ApprovedIntent intent, Mode mode, Decision decision, VenueQuote chosen,
                              List<VenueQuote> quotes, VenueQuote staticChoice) {

    public RoutedOrder toRoutedOrder(Instant routedAt) {
        boolean priced = chosen.priced();
        // every candidate's decimals are derived once; the chosen venue's figures are its candidate's
        List<Candidate> candidates = quotes.stream().map(VenueQuote::toCandidate).toList();
        Candidate mine = candidateOf(candidates, chosen);
        Candidate alternative = staticChoice == chosen ? mine : candidateOf(candidates, staticChoice);
        Counterfactual counterfactual = Counterfactual.of(staticChoice.venue(), alternative.totalCost(),
                mine.totalCost(), priced ? chosen.notionalUsd() : null);
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
                candidates,
                counterfactual);
    }

    private static Candidate candidateOf(List<Candidate> candidates, VenueQuote quote) {
        for (Candidate c : candidates) {
            if (c.venue().equals(quote.venue())) {
                return c;
            }
        }
        return quote.toCandidate();
    }
}
