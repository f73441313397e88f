package tech.tradeos.execution.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.topic.DeadLetters;

class DeadLetterOnProduceTest {
    private static final byte[] BOOK = "{\"venue\":\"KRAKEN_SPOT\"}".getBytes(StandardCharsets.UTF_8);
    private final DeadLetterOnProduce handler = new DeadLetterOnProduce();
    private final ProducerRecord<byte[], byte[]> repartitioned = new ProducerRecord<>("app-instrument-repartition", new byte[10], new byte[2_000_000]);

    DeadLetterOnProduceTest() {
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "execution.dlq"));
    }

    @Test
    void aRecordTooLargeToWriteDeadLettersTheInputThatMadeItAndTheStreamGoesOn() {
        ProductionExceptionHandler.Response response = handler.handleError(context(), repartitioned,
                new RecordTooLargeException("The message is 2000123 bytes when serialized which is larger than 1048576"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo("execution.dlq");
            assertThat(dead.value()).isEqualTo(BOOK); // the input's own bytes, not the too-large record
            assertThat(header(dead.headers(), DeadLetters.ERROR_CLASS)).isEqualTo(RecordTooLargeException.class.getName());
            assertThat(header(dead.headers(), DeadLetters.ERROR_MESSAGE))
                    .contains("app-instrument-repartition").contains("larger than 1048576");
            assertThat(header(dead.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo("marketdata.orderbook");
            assertThat(header(dead.headers(), DeadLetters.SOURCE_OFFSET)).isEqualTo("41");
        });
    }

    @Test
    void aRecordThatDoesNotSerializeIsDeadLetteredToo() {
        ProductionExceptionHandler.Response response = handler.handleSerializationError(context(), repartitioned,
                new java.nio.BufferOverflowException(), ProductionExceptionHandler.SerializationExceptionOrigin.VALUE);
        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
    }

    @Test
    void otherFailuresKeepKafkaStreamsDefaults() {
        assertThat(handler.handleError(context(), repartitioned, new TimeoutException("slow")).result())
                .isEqualTo(ProductionExceptionHandler.Result.RETRY);
        assertThat(handler.handleError(context(), repartitioned, new TopicAuthorizationException("no")).result())
                .isEqualTo(ProductionExceptionHandler.Result.FAIL);
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static ErrorHandlerContext context() {
        return new ErrorHandlerContext() {
            public String topic() { return "marketdata.orderbook"; }
            public int partition() { return 2; }
            public long offset() { return 41; }
            public Headers headers() { return new RecordHeaders(); }
            public String processorNodeId() { return "route-intent"; }
            public TaskId taskId() { return new TaskId(1, 2); }
            public long timestamp() { return 0; }
            public byte[] sourceRawKey() { return Serdes.String().serializer().serialize("t", "k"); }
            public byte[] sourceRawValue() { return BOOK; }
        };
    }
}
