package tech.tradeos.execution.topology.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.Decimals;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.routing.OrderBook;
import tech.tradeos.execution.topology.state.MarketState;

/** What {@code GET /market/{instrument}} shows an operator: each venue's top of book, age, staleness and funding. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MarketView(String instrument, String servedBy, Instant asOf, List<VenueView> venues) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VenueView(String venue, BigDecimal bestBid, BigDecimal bestAsk, BigDecimal mid, BigDecimal spread,
                            int bidLevels, int askLevels, Instant timestamp, Long sequence, long ageMs, boolean stale,
                            BigDecimal atr, FundingRate funding) {
    }

    public static MarketView of(MarketState state, String servedBy, Instant now, long stalenessMs) {
        java.util.SortedSet<String> venues = new java.util.TreeSet<>(state.books().keySet());
        venues.addAll(state.funding().keySet());
        List<VenueView> views = venues.stream().map(v -> {
            BookSnapshot b = state.books().get(v);
            FundingRate f = state.funding().get(v);
            if (b == null) {
                return new VenueView(v, null, null, null, null, 0, 0, null, null, -1, true, null, f);
            }
            OrderBook book = new OrderBook(b);
            long age = now.toEpochMilli() - b.timestamp().toEpochMilli();
            var atr = state.atr().get(v);
            return new VenueView(v, b.bids().isEmpty() ? null : b.bids().get(0).price(),
                    b.asks().isEmpty() ? null : b.asks().get(0).price(), Decimals.clean(book.mid()), book.spread(),
                    b.bids().size(), b.asks().size(), b.timestamp(), b.sequence(), age, age > stalenessMs,
                    atr == null ? null : atr.atr(book.spread()), f);
        }).toList();
        return new MarketView(state.instrument(), servedBy, now, views);
    }
}
