package tech.tradeos.execution.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads raw input bytes with a {@link Reader}; a record it cannot read leaves as {@link Parsed.Dead}
 * with the DLQ headers SPEC §2 names (error class, message, source topic/partition/offset), so the
 * stream never stops on bad input.
 */
final class ParseProcessor implements FixedKeyProcessor<byte[], byte[], Parsed> {
    static final String ERROR_CLASS = "tradeos.error.class";
    static final String ERROR_MESSAGE = "tradeos.error.message";
    static final String SOURCE_TOPIC = "tradeos.source.topic";
    static final String SOURCE_PARTITION = "tradeos.source.partition";
    static final String SOURCE_OFFSET = "tradeos.source.offset";

    private static final Logger LOG = LoggerFactory.getLogger(ParseProcessor.class);

    /** Turns bytes into a {@link Parsed}; throws when the bytes cannot be read at all. */
    @FunctionalInterface
    interface Reader {
        Parsed read(byte[] key, byte[] value) throws Exception;
    }

    private final Reader reader;
    private final RouterMetrics metrics;
    private FixedKeyProcessorContext<byte[], Parsed> context;

    ParseProcessor(Reader reader, RouterMetrics metrics) {
        this.reader = reader;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Parsed> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("empty record (null value)");
            }
            context.forward(record.withValue(reader.read(record.key(), record.value())));
        } catch (Exception e) {
            String reason = tech.tradeos.execution.model.json.Json.describe(e);
            Headers headers = new RecordHeaders(record.headers().toArray());
            String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
            headers.add(ERROR_CLASS, utf8(e.getClass().getName()));
            headers.add(ERROR_MESSAGE, utf8(reason));
            headers.add(SOURCE_TOPIC, utf8(topic));
            headers.add(SOURCE_PARTITION, utf8(String.valueOf(context.recordMetadata().map(RecordMetadata::partition).orElse(-1))));
            headers.add(SOURCE_OFFSET, utf8(String.valueOf(context.recordMetadata().map(RecordMetadata::offset).orElse(-1L))));
            LOG.warn("dead-lettering a record from {}: {}", topic, reason);
            metrics.deadLettered(topic);
            context.forward(record.withValue((Parsed) new Parsed.Dead(record.value())).withHeaders(headers));
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
