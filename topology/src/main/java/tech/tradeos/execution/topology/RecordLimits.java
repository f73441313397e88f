package tech.tradeos.execution.topology;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.config.TradeosConfig;

/**
 * How large a record the router may write to its own topics: the smaller of its producers'
 * {@code max.request.size} and the {@code max.message.bytes} its internal topics are created with (both
 * 1 MiB by default, settable under {@code kafka.properties}), less room for what the market store adds to a
 * book (the venue's funding and ATR bars) and the record's own framing.
 */
public final class RecordLimits {
    /** Kafka's default for both limits. */
    static final int KAFKA_DEFAULT = 1_048_576;
    /** What a market-store value adds to its book, and the record batch's framing, with room to spare. */
    static final int HEADROOM = 16_384;

    private RecordLimits() {
    }

    public static int maxBookBytes(TradeosConfig config) {
        return Math.max(0, maxRecordBytes(config) - HEADROOM);
    }

    static int maxRecordBytes(TradeosConfig config) {
        Map<String, String> properties = config.kafka().properties();
        int producer = intOr(properties, StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                intOr(properties, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, KAFKA_DEFAULT));
        int topics = intOr(properties, StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), KAFKA_DEFAULT);
        return Math.min(producer, topics);
    }

    /** A start-up warning when legal books (up to BookSnapshot.MAX_LEVELS a side) could be refused; null if none. */
    static String warning(TradeosConfig config) {
        int legal = 64 + 2 * BookSnapshot.MAX_LEVELS * 2 * (4 + 1 + 4 + 16) + 3 * 2 * 200;
        int max = maxBookBytes(config);
        return legal <= max ? null : "books deeper than about " + (max / (4 * 25)) + " levels a side will be dead-lettered: "
                + describe(config) + " leave " + max + " bytes for a book, and a legal one can take " + legal;
    }

    public static String describe(TradeosConfig config) {
        return "max.request.size / topic max.message.bytes (" + maxRecordBytes(config) + " less " + HEADROOM + " headroom)";
    }

    private static int intOr(Map<String, String> properties, String key, int fallback) {
        String value = properties.get(key);
        return value == null ? fallback : Integer.parseInt(value.trim());
    }
}
