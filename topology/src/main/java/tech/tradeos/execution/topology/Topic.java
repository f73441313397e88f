package tech.tradeos.execution.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** A topic with the serdes of its keys and values, so no call site spells a name or builds a serde. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    public Consumed<K, V> consumed(String processorName) {
        return Consumed.with(keySerde, valueSerde).withName(processorName);
    }

    public Produced<K, V> produced(String processorName) {
        return Produced.with(keySerde, valueSerde).withName(processorName);
    }
}
