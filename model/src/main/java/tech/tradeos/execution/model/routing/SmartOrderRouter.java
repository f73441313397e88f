package tech.tradeos.execution.model.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.CandidateReason;
import tech.tradeos.execution.model.Decision;
import tech.tradeos.execution.model.Direction;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.Market;
import tech.tradeos.execution.model.Mode;
import tech.tradeos.execution.model.RejectReason;
import tech.tradeos.execution.model.Side;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.config.VenueConfig;

/**
 * The Smart Order Router (docs/README.md §Routing): prices every venue that lists the instrument and chooses the one
 * with the lowest total cost = fill cost + taker fee + carry ({@link CostModel}), honouring region, direction, market,
 * staleness, depth and funding data, with the static-priority fallback when no venue is eligible.
 * Pure: the same intent and market always give the same decision.
 */
public final class SmartOrderRouter {
    private final TradeosConfig config;
    private final Map<String, Integer> rank = new HashMap<>();

    public SmartOrderRouter(TradeosConfig config) {
        this.config = config;
        List<String> order = config.priorityOrder();
        for (int i = 0; i < order.size(); i++) {
            rank.put(order.get(i), i);
        }
    }

    public TradeosConfig config() {
        return config;
    }

    /**
     * Routes {@code intent} against {@code market}. {@code positionVenue} is the venue holding the
     * position a CLOSE intent closes (the caller rejects CLOSE intents without one); ignored for OPEN.
     */
    public RoutingOutcome route(ApprovedIntent intent, InstrumentMarket market, String positionVenue) {
        if (!config.knowsInstrument(intent.instrument())) {
            return new RoutingOutcome.Rejected(RejectReason.UNKNOWN_INSTRUMENT,
                    "no configured venue lists " + intent.instrument());
        }
        if (intent.action() == Action.CLOSE && positionVenue == null) {
            return new RoutingOutcome.Rejected(RejectReason.NO_POSITION,
                    "no open position in " + intent.instrument() + " to close");
        }
        Side side = intent.side();
        long intentMillis = intent.createdAt().toEpochMilli();
        long holdEnd = intent.holdEndMillis();

        List<VenueQuote> quotes = new ArrayList<>(config.venues().size());
        boolean anyAllowed = false;
        for (Map.Entry<String, VenueConfig> entry : config.venues().entrySet()) {
            VenueConfig venue = entry.getValue();
            if (!venue.lists(intent.instrument())) {
                continue;
            }
            VenueQuote quote = price(entry.getKey(), venue, intent, side, market, positionVenue, intentMillis, holdEnd);
            anyAllowed |= quote.reason() == null || !quote.reason().isStructural();
            quotes.add(quote);
        }
        if (!anyAllowed) {
            return new RoutingOutcome.Rejected(RejectReason.NO_ELIGIBLE_VENUE, noVenueDetail(intent));
        }

        boolean anyFills = false;
        boolean anyEligible = false;
        for (VenueQuote q : quotes) {
            if (q.eligible()) {
                anyEligible = true;
                anyFills |= q.walk().filled();
            }
        }
        if (!anyEligible) {
            return fallback(intent, quotes);
        }

        VenueQuote best = null;
        VenueQuote first = null; // the static priority list's choice: the eligible venue of lowest rank
        for (int i = 0; i < quotes.size(); i++) {
            VenueQuote q = quotes.get(i);
            if (!q.eligible()) {
                continue;
            }
            if (anyFills && !q.walk().filled()) {
                quotes.set(i, q.withReason(CandidateReason.INSUFFICIENT_DEPTH));
                continue;
            }
            if (best == null || q.compareCost(best) < 0) {
                best = q;
            }
            if (first == null || q.rank() < first.rank()) {
                first = q;
            }
        }
        return new RoutingOutcome.Routed(new RoutingDecision(intent, config.mode(), Decision.BEST_COST, best, quotes, first));
    }

    private VenueQuote price(String name, VenueConfig venue, ApprovedIntent intent, Side side,
                             InstrumentMarket market, String positionVenue, long intentMillis, long holdEnd) {
        int rankOf = rank.getOrDefault(name, Integer.MAX_VALUE);
        String symbol = venue.symbol(intent.instrument());
        boolean carryApplies = venue.market() == Market.PERP && intent.action() == Action.OPEN;
        CandidateReason reason = structuralReason(name, venue, intent, positionVenue);
        OrderBook book = market == null ? null : market.book(name);
        if (reason != null || book == null) {
            return new VenueQuote(name, venue, symbol, rankOf, reason != null ? reason : CandidateReason.NO_BOOK,
                    book, null, null, carryApplies, null, FundingWindow.NONE, side.sign(),
                    intent.direction().sign(), intent.quantity(), 0, 0);
        }
        long age = intentMillis - book.timestampMillis();
        FundingRate funding = carryApplies ? market.funding(name) : null;
        FundingWindow window = funding == null ? FundingWindow.NONE : FundingWindow.of(funding, intentMillis, holdEnd);
        if (age > config.routing().stalenessMs()) {
            reason = CandidateReason.STALE_BOOK;
        } else if (carryApplies && funding == null) {
            reason = CandidateReason.NO_FUNDING_DATA;
        }
        BookWalk.Levels levels = book.levels(side);
        if (levels.isEmpty()) {
            // nothing on this side to price from: the venue cannot take the order at any price
            return new VenueQuote(name, venue, symbol, rankOf, reason != null ? reason : CandidateReason.INSUFFICIENT_DEPTH,
                    book, null, age, carryApplies, funding, window, side.sign(), intent.direction().sign(),
                    intent.quantity(), 0, 0);
        }
        BookWalk.Walk walk = BookWalk.walk(levels, intent.quantity());
        double rateSum = funding == null ? 0 : window.rateSumApprox(funding);
        CostModel.Screen screen = CostModel.screen(venue, walk.notionalApprox() * venue.quoteToUsd().doubleValue(),
                side.sign(), intent.direction().sign(), rateSum);
        return new VenueQuote(name, venue, symbol, rankOf, reason, book, walk, age, carryApplies, funding, window,
                side.sign(), intent.direction().sign(), intent.quantity(), screen.total(), screen.errorBound());
    }

    /** The first of REGION_BLOCKED … NOT_POSITION_VENUE that applies, or null. */
    private CandidateReason structuralReason(String name, VenueConfig venue, ApprovedIntent intent, String positionVenue) {
        if (!venue.regions().contains(config.region())) {
            return CandidateReason.REGION_BLOCKED;
        }
        if (!venue.enabled()) {
            return CandidateReason.VENUE_DISABLED;
        }
        if (!intent.market().admits(venue.market())) {
            return CandidateReason.MARKET_NOT_ALLOWED;
        }
        if (intent.direction() == Direction.SHORT && !venue.shortable()) {
            return CandidateReason.SHORT_NOT_SUPPORTED;
        }
        if (intent.action() == Action.CLOSE && !name.equals(positionVenue)) {
            return CandidateReason.NOT_POSITION_VENUE;
        }
        return null;
    }

    /**
     * No allowed venue has a fresh book (and funding where carry applies): take the first allowed venue
     * in the region's priority order, priced from its last known book when it has one.
     */
    private RoutingOutcome fallback(ApprovedIntent intent, List<VenueQuote> quotes) {
        VenueQuote chosen = null;
        for (VenueQuote q : quotes) {
            if (!q.reason().isStructural() && (chosen == null || q.rank() < chosen.rank())) {
                chosen = q;
            }
        }
        if (chosen.book() == null && config.mode() == Mode.PAPER) {
            return new RoutingOutcome.Rejected(RejectReason.NO_MARKET_DATA, "no venue has a fresh book for "
                    + intent.instrument() + " and the fallback venue " + chosen.venue()
                    + " never had one: a paper fill has no price");
        }
        return new RoutingOutcome.Routed(
                new RoutingDecision(intent, config.mode(), Decision.FALLBACK_PRIORITY, chosen, quotes, chosen));
    }

    private String noVenueDetail(ApprovedIntent intent) {
        return "region " + config.region() + " allows no enabled venue for " + intent.action() + " "
                + intent.direction() + " " + intent.instrument() + " in market " + intent.market();
    }
}
