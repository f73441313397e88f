package tech.tradeos.execution.topology.processor;

import org.apache.kafka.common.header.Headers;
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
    /** Whether a valid record can be routed in this task, and what happens to one that cannot. */
    private final Placement placement;
    /** Under exactly-once, an intent is committed into the repartition topic soon, not at the commit interval. */
    private final IntentCommits commits;
    private FixedKeyProcessorContext<byte[], Parsed> context;
    private io.micrometer.core.instrument.Counter inPlace;
    private io.micrometer.core.instrument.Counter moved;

    public ParseProcessor(Reader reader, MarketDataCheck marketData, RouterMetrics metrics, Placement placement,
                          IntentCommits commits) {
        this.reader = reader;
        this.marketData = marketData;
        this.metrics = metrics;
        this.placement = placement;
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
                parsed = place(record.key(), valid);
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
     * Marks a record routable in this task. In the strict mode a record elsewhere would be priced against
     * the wrong instrument's state, so it is refused (dead-lettered) instead.
     */
    private Parsed.Valid place(byte[] key, Parsed.Valid valid) {
        if (placement.partitions() == 0) {
            return valid;
        }
        String instrument = valid.event().instrument();
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
        boolean here = placement.inPlace(key, instrument, partition);
        if (!here && placement.strict()) {
            throw new IllegalArgumentException(placement.whyNot(key, instrument, partition));
        }
        if (inPlace == null) {
            String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
            inPlace = metrics.placed(topic, true);
            moved = metrics.placed(topic, false);
        }
        (here ? inPlace : moved).increment();
        return valid.placed(here);
    }
}
