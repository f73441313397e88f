package tech.tradeos.execution.topology.processor;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import tech.tradeos.execution.model.routing.InstrumentMarket;
import tech.tradeos.execution.topology.metrics.RouterMetrics;
import tech.tradeos.execution.topology.state.MarketState;
import tech.tradeos.execution.topology.state.VenueMarket;

/**
 * The market of a task's instruments: the market store, and in-memory views written through with it. A
 * snapshot is checked and applied without reading the store (which would deserialize the venue's book
 * once more per snapshot), and an intent is priced from a market prepared once. The SOR processor is the
 * store's only writer; {@link #init} empties the views, and Kafka Streams runs it again when it revives
 * a task from its changelog.
 */
final class LiveMarket {
    private final RouterMetrics metrics;
    private final Map<String, VenueMarket> venueMarkets = new HashMap<>();
    private final Map<String, InstrumentMarket> prepared = new HashMap<>();
    private KeyValueStore<String, VenueMarket> store;

    LiveMarket(RouterMetrics metrics) {
        this.metrics = metrics;
    }

    void init(KeyValueStore<String, VenueMarket> store) {
        this.store = store;
        venueMarkets.clear();
        prepared.clear();
    }

    /** A book or funding record: applied when it is newer than the venue's (timestamp, then sequence). */
    void apply(InstrumentEvent event) {
        boolean book = event.book() != null;
        String kind = book ? "book" : "funding";
        String key = VenueMarket.key(event.instrument(), book ? event.book().venue() : event.funding().venue());
        VenueMarket current = venue(key);
        VenueMarket next = (current == null ? VenueMarket.EMPTY : current);
        next = book ? next.withBook(event.book()) : next.withFunding(event.funding());
        if (next == null) {
            metrics.olderMarketDataIgnored(kind);
            return;
        }
        store.put(key, next);
        venueMarkets.put(key, next);
        metrics.marketDataApplied(kind);
        if (book) {
            metrics.bookApplied(key, event.book().venue(), event.instrument(), event.book().timestamp());
        }
        prepared.computeIfPresent(event.instrument(), (i, market) ->
                book ? market.withBook(event.book()) : market.withFunding(event.funding()));
    }

    /** Every venue's market of {@code instrument}, prepared for the SOR. */
    InstrumentMarket prepared(String instrument) {
        return prepared.computeIfAbsent(instrument, i -> MarketState.load(store, i).toMarket());
    }

    /** One venue's market (book, funding, ATR); null when it never had data. */
    VenueMarket venue(String instrument, String venue) {
        return venue(VenueMarket.key(instrument, venue));
    }

    private VenueMarket venue(String key) {
        VenueMarket cached = venueMarkets.get(key);
        if (cached == null) {
            cached = store.get(key);
            if (cached != null) {
                venueMarkets.put(key, cached);
            }
        }
        return cached;
    }
}
