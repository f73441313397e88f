package tech.tradeos.execution.topology.ops;

import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import tech.tradeos.execution.model.position.RouterPositions;
import tech.tradeos.execution.topology.state.HeldQueue;
import tech.tradeos.execution.topology.state.MarketState;
import tech.tradeos.execution.topology.state.RouterStores;
import tech.tradeos.execution.topology.state.RoutingRecord;
import tech.tradeos.execution.topology.state.VenueMarket;

/**
 * Finds where a key's state lives and reads it when it is here. The market store is keyed by
 * instrument, so its owner is known from the key; decisions live in the partition of their
 * instrument, so a decision is looked for on every instance.
 */
public final class InteractiveQueries {
    private final KafkaStreams streams;
    private final HostInfo self;

    public InteractiveQueries(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    public HostInfo self() {
        return self;
    }

    /** The instance whose active task holds {@code instrument}; empty while no instance does (rebalancing). */
    public Optional<HostInfo> ownerOf(String instrument) {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(RouterStores.MARKET, instrument, Serdes.String().serializer());
        if (metadata == null || metadata.activeHost() == null || metadata.activeHost().equals(HostInfo.unavailable())) {
            return Optional.empty();
        }
        return Optional.of(metadata.activeHost());
    }

    public Optional<MarketState> localMarket(String instrument) {
        MarketState market = MarketState.load(this.<VenueMarket>store(RouterStores.MARKET), instrument);
        return market.isEmpty() ? Optional.empty() : Optional.of(market);
    }

    public Optional<RoutingRecord> localDecision(String intentId) {
        return Optional.ofNullable(this.<RoutingRecord>store(RouterStores.DECISIONS).get(intentId));
    }

    /** The intents this instance holds for {@code instrument} (or every instrument it owns, when null), in arrival order. */
    public java.util.List<java.util.Map<String, Object>> localHeld(String instrument) {
        ReadOnlyKeyValueStore<String, HeldQueue.Held> held = store(RouterStores.HELD);
        java.util.List<java.util.Map<String, Object>> out = new java.util.ArrayList<>();
        try (var it = instrument == null ? held.all() : held.prefixScan(instrument + '\u0000', Serdes.String().serializer())) {
            it.forEachRemaining(e -> out.add(java.util.Map.of("intentId", e.value.intent().intentId(),
                    "instrument", e.value.intent().instrument(), "heldAt", e.value.heldAt().toString(), "reason", e.value.reason())));
        }
        return out;
    }

    /** The router's own position record of {@code instrument}, when this instance holds it. */
    public Optional<RouterPositions> localPositions(String instrument) {
        return Optional.ofNullable(this.<RouterPositions>store(RouterStores.POSITIONS).get(instrument));
    }

    /** The other instances that host the decisions store. */
    public java.util.List<HostInfo> otherHosts() {
        return streams.streamsMetadataForStore(RouterStores.DECISIONS).stream()
                .map(m -> m.hostInfo()).filter(h -> !h.equals(self)).distinct().toList();
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }
}
