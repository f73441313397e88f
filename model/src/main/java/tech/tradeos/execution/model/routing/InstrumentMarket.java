package tech.tradeos.execution.model.routing;

import java.util.HashMap;
import java.util.Map;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.Versioned;

/**
 * Everything the router knows about one instrument: the newest book and the newest funding record
 * of each venue. Immutable; {@code with…} returns the same instance when the record is not newer
 * (timestamp, then sequence), so an old or replayed record never replaces a newer one.
 */
public final class InstrumentMarket {
    private final String instrument;
    private final Map<String, OrderBook> books;
    private final Map<String, FundingRate> funding;

    private InstrumentMarket(String instrument, Map<String, OrderBook> books, Map<String, FundingRate> funding) {
        this.instrument = instrument;
        this.books = books;
        this.funding = funding;
    }

    public static InstrumentMarket empty(String instrument) {
        return new InstrumentMarket(instrument, Map.of(), Map.of());
    }

    public String instrument() {
        return instrument;
    }

    public OrderBook book(String venue) {
        return books.get(venue);
    }

    public FundingRate funding(String venue) {
        return funding.get(venue);
    }

    public Map<String, OrderBook> books() {
        return books;
    }

    public Map<String, FundingRate> fundingRates() {
        return funding;
    }

    public InstrumentMarket withBook(BookSnapshot snapshot) {
        requireInstrument(snapshot.instrument());
        OrderBook held = books.get(snapshot.venue());
        if (!Versioned.supersedes(snapshot, held == null ? null : held.snapshot())) {
            return this;
        }
        Map<String, OrderBook> next = new HashMap<>(books);
        next.put(snapshot.venue(), new OrderBook(snapshot));
        return new InstrumentMarket(instrument, Map.copyOf(next), funding);
    }

    public InstrumentMarket withFunding(FundingRate rate) {
        requireInstrument(rate.instrument());
        if (!Versioned.supersedes(rate, funding.get(rate.venue()))) {
            return this;
        }
        Map<String, FundingRate> next = new HashMap<>(funding);
        next.put(rate.venue(), rate);
        return new InstrumentMarket(instrument, books, Map.copyOf(next));
    }

    private void requireInstrument(String other) {
        if (!instrument.equals(other)) {
            throw new IllegalArgumentException("record for " + other + " offered to the market of " + instrument);
        }
    }
}
