package tech.tradeos.execution.topology;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.config.Redaction;
import tech.tradeos.execution.model.topic.DeadLetters;

/**
 * What the router does when a record it writes — to an output, the instrument repartition or a changelog —
 * can never be written: a record the broker or the producer finds too large or invalid, or one that does
 * not serialize. Without a handler the stream thread fails, is replaced, re-reads the same input and fails
 * again, for ever. Here the input that caused it goes to the DLQ with the reason (its original bytes, which
 * the broker accepted once) and the stream goes on; anything else keeps Kafka Streams' default (retry a
 * retriable error, fail on the rest).
 */
public final class DeadLetterOnProduce implements ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterOnProduce.class);

    private final DefaultProductionExceptionHandler fallback = new DefaultProductionExceptionHandler();
    private String dlq;

    @Override
    public void configure(Map<String, ?> configs) {
        fallback.configure(configs);
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        dlq = topic == null ? null : topic.toString();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RecordTooLargeException || exception instanceof InvalidRecordException) {
            return deadLetter(context, record.topic(), exception);
        }
        return fallback.handleError(context, record, exception);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        return deadLetter(context, record.topic(), exception);
    }

    private Response deadLetter(ErrorHandlerContext context, String topic, Exception exception) {
        String reason = "the router could not write its record for " + topic + ": " + Redaction.message(exception);
        LOG.warn("dead-lettering the input at {}-{}@{}: {}", context.topic(), context.partition(), context.offset(), reason);
        if (dlq == null) {
            return Response.resume();
        }
        return Response.resume(List.of(new ProducerRecord<>(dlq, null, context.sourceRawKey(), context.sourceRawValue(),
                DeadLetters.headers(context.headers(), exception.getClass().getName(), reason,
                        context.topic(), context.partition(), context.offset()))));
    }
}
