package tech.tradeos.execution.topology;

import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import tech.tradeos.execution.model.topic.Topic;

/** A registry topic as Kafka Streams reads and writes it, with a named source or sink processor. */
final class StreamsTopics {
    private StreamsTopics() {
    }

    static <K, V> Consumed<K, V> consumed(Topic<K, V> topic, String processorName) {
        return Consumed.with(topic.keySerde(), topic.valueSerde()).withName(processorName);
    }

    static <K, V> Produced<K, V> produced(Topic<K, V> topic, String processorName) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(processorName);
    }
}
