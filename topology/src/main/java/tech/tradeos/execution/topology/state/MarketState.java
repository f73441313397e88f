package tech.tradeos.execution.topology.state;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.paper.AtrState;
import tech.tradeos.execution.model.routing.InstrumentMarket;

/** One instrument's market as the ops HTTP shows it: every venue's newest book, funding and ATR state. */
public record MarketState(String instrument, Map<String, BookSnapshot> books, Map<String, FundingRate> funding,
                          Map<String, AtrState> atr) {

    public MarketState {
        books = Map.copyOf(books);
        funding = Map.copyOf(funding);
        atr = Map.copyOf(atr);
    }

    public static MarketState empty(String instrument) {
        return new MarketState(instrument, Map.of(), Map.of(), Map.of());
    }

    public static MarketState of(String instrument, Map<String, VenueMarket> venues) {
        Map<String, BookSnapshot> books = new HashMap<>();
        Map<String, FundingRate> funding = new HashMap<>();
        Map<String, AtrState> atr = new HashMap<>();
        venues.forEach((venue, m) -> {
            if (m.book() != null) {
                books.put(venue, m.book());
            }
            if (m.funding() != null) {
                funding.put(venue, m.funding());
            }
            if (m.atr() != null) {
                atr.put(venue, m.atr());
            }
        });
        return new MarketState(instrument, books, funding, atr);
    }

    /** The instrument's entries of the market store (one per venue, found by key prefix); empty when it has none. */
    public static MarketState load(ReadOnlyKeyValueStore<String, VenueMarket> store, String instrument) {
        String prefix = VenueMarket.prefix(instrument);
        Map<String, VenueMarket> venues = new HashMap<>();
        try (KeyValueIterator<String, VenueMarket> entries = store.prefixScan(prefix, new StringSerializer())) {
            entries.forEachRemaining(e -> venues.put(e.key.substring(prefix.length()), e.value));
        }
        return of(instrument, venues);
    }

    public boolean isEmpty() {
        return books.isEmpty() && funding.isEmpty();
    }

    public InstrumentMarket toMarket() {
        InstrumentMarket market = InstrumentMarket.empty(instrument);
        for (BookSnapshot b : books.values()) {
            market = market.withBook(b);
        }
        for (FundingRate f : funding.values()) {
            market = market.withFunding(f);
        }
        return market;
    }
}
