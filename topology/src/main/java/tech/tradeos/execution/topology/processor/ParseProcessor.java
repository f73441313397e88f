package tech.tradeos.execution.topology.processor;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.topic.DeadLetters;
import tech.tradeos.execution.topology.metrics.RouterMetrics;

/**
 * Reads raw input bytes with a {@link Reader}; a record it cannot read leaves as {@link Parsed.Dead}
 * with the DLQ headers docs/README.md §Topics names (error class, message, source topic/partition/offset), so the
 * stream never stops on bad input.
 */
public final class ParseProcessor implements FixedKeyProcessor<byte[], byte[], Parsed> {
    private static final Logger LOG = LoggerFactory.getLogger(ParseProcessor.class);

    /** Turns bytes into a {@link Parsed}; throws when the bytes cannot be read at all. */
    @FunctionalInterface
    public interface Reader {
        Parsed read(byte[] key, byte[] value) throws Exception;
    }

    private final Reader reader;
    private final MarketDataCheck marketData;
    private final RouterMetrics metrics;
    /** With {@code kafka.inputs-keyed-by-instrument}, the input's partition count; 0 when any key goes. */
    private final int keyedPartitions;
    /** Under exactly-once, an intent is committed into the repartition topic soon, not at the commit interval. */
    private final IntentCommits commits;
    private FixedKeyProcessorContext<byte[], Parsed> context;

    public ParseProcessor(Reader reader, MarketDataCheck marketData, RouterMetrics metrics, int keyedPartitions,
                          IntentCommits commits) {
        this.reader = reader;
        this.marketData = marketData;
        this.metrics = metrics;
        this.keyedPartitions = keyedPartitions;
        this.commits = commits;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Parsed> context) {
        this.context = context;
        commits.init(context);
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("empty record (null value)");
            }
            Parsed parsed = reader.read(record.key(), record.value());
            if (parsed instanceof Parsed.Valid valid) {
                checkMarketData(valid.event());
                if (keyedPartitions > 0) {
                    checkKeyedByInstrument(record.key(), valid.event().instrument());
                }
            }
            context.forward(record.withValue(parsed));
            if (parsed instanceof Parsed.Invalid || (parsed instanceof Parsed.Valid valid && valid.event().intent() != null)) {
                commits.intentHandled();
            }
        } catch (Exception e) {
            String reason = tech.tradeos.execution.model.json.Json.describe(e);
            String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
            Headers headers = DeadLetters.headers(record.headers(), e.getClass().getName(), reason, topic,
                    context.recordMetadata().map(RecordMetadata::partition).orElse(-1),
                    context.recordMetadata().map(RecordMetadata::offset).orElse(-1L));
            LOG.warn("dead-lettering a record from {}: {}", topic, reason);
            metrics.deadLettered(topic);
            context.forward(record.withValue((Parsed) new Parsed.Dead(record.value())).withHeaders(headers));
        }
    }

    private void checkMarketData(InstrumentEvent event) {
        if (event.book() != null) {
            marketData.checkSize(event.book());
            marketData.check(event.book().venue(), event.instrument(), event.book().timestamp(), context.currentSystemTimeMs());
        } else if (event.funding() != null) {
            marketData.check(event.funding().venue(), event.instrument(), event.funding().timestamp(), context.currentSystemTimeMs());
        }
    }

    /**
     * Without the instrument repartition a record is routed by the task of the partition it is in: one in
     * another instrument's partition would be priced against the wrong market, so it is refused.
     */
    private void checkKeyedByInstrument(byte[] key, String instrument) {
        byte[] expected = utf8(instrument);
        if (!java.util.Arrays.equals(key, expected)) {
            throw new IllegalArgumentException("kafka.inputs-keyed-by-instrument is on, but the record's key is "
                    + (key == null ? "null" : "'" + new String(key, StandardCharsets.UTF_8) + "'")
                    + ", not its instrument '" + instrument + "'");
        }
        int partition = Utils.toPositive(Utils.murmur2(expected)) % keyedPartitions;
        int actual = context.recordMetadata().map(RecordMetadata::partition).orElse(partition);
        if (actual != partition) {
            throw new IllegalArgumentException("kafka.inputs-keyed-by-instrument is on, but key '" + instrument
                    + "' is in partition " + actual + ", not " + partition + " of " + keyedPartitions
                    + " (the default partitioner's choice)");
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
