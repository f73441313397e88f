package tech.tradeos.execution.topology.state;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import tech.tradeos.execution.model.position.RouterPositions;
import tech.tradeos.execution.model.topic.JsonSerde;

/**
 * The router's state stores, named once with their serdes. The names are part of the changelog topics'
 * names ({@code <application-id>-<store>-changelog}): renaming one loses its state on upgrade.
 */
public final class RouterStores {
    /** Newest book and funding per (instrument, venue). */
    public static final String MARKET = "market-store";
    /** What was done with each intentId (the dedupe memory), for {@code routing.dedupe-retention}. */
    public static final String DECISIONS = "decisions-store";
    /** The router's own position record per instrument. */
    public static final String POSITIONS = "positions-store";
    /** The decisions' time index, so the retention sweep reads only what is due ({@link Decisions}). */
    public static final String DECISION_TIMES = "decision-times-store";
    /**
     * Intents waiting for their instrument's position to be confirmed, one entry each, in arrival order
     * ({@link HeldQueue}). Named anew when it changed from one list per instrument: held intents are answered
     * within {@code positions.reconcile-timeout-ms}, so an upgrade drains the old store first (README §Upgrading).
     */
    public static final String HELD = "held-intent-store";

    public static final List<String> ALL = List.of(MARKET, DECISIONS, DECISION_TIMES, POSITIONS, HELD);

    private RouterStores() {
    }

    /** Every store's builder, in the order {@link #ALL} names them. */
    public static List<StoreBuilder<KeyValueStore<String, ?>>> builders() {
        // the market store is in memory: one small entry per (instrument, venue), rewritten on every snapshot;
        // with exactly-once a RocksDB store is flushed at every commit, which capped ingestion. It is rebuilt
        // from its changelog, which the cache spares all but a venue's last book per commit interval.
        // Books travel in binary.
        return List.of(
                cast(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MARKET), Serdes.String(),
                        MarketSerdes.venueMarkets()).withCachingEnabled()),
                cast(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DECISIONS), Serdes.String(),
                        JsonSerde.of(RoutingRecord.class))),
                cast(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DECISION_TIMES), Serdes.String(),
                        Serdes.String())),
                cast(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(POSITIONS), Serdes.String(),
                        JsonSerde.of(RouterPositions.class))),
                cast(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HELD), Serdes.String(),
                        JsonSerde.of(HeldQueue.Held.class))));
    }

    @SuppressWarnings("unchecked")
    private static StoreBuilder<KeyValueStore<String, ?>> cast(StoreBuilder<? extends KeyValueStore<String, ?>> builder) {
        return (StoreBuilder<KeyValueStore<String, ?>>) builder;
    }
}
