package tech.tradeos.execution.model.topic;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers a dead-lettered record carries on {@code execution.dlq} (one spelling for the router and
 * the sink): why it was refused and where it came from. The record keeps its original key and bytes.
 */
public final class DeadLetters {
    public static final String ERROR_CLASS = "tradeos.error.class";
    public static final String ERROR_MESSAGE = "tradeos.error.message";
    public static final String SOURCE_TOPIC = "tradeos.source.topic";
    public static final String SOURCE_PARTITION = "tradeos.source.partition";
    public static final String SOURCE_OFFSET = "tradeos.source.offset";
    /** A reason is cut to this many characters: a header never carries an unbounded text. */
    public static final int MAX_MESSAGE_CHARS = 1_000;

    private DeadLetters() {
    }

    /** The record's own headers plus the reason and its source; {@code original} may be null. */
    public static Headers headers(Headers original, String errorClass, String message, String topic, int partition, long offset) {
        Headers headers = original == null ? new RecordHeaders() : new RecordHeaders(original.toArray());
        String reason = message == null ? "" : message;
        if (reason.length() > MAX_MESSAGE_CHARS) {
            reason = reason.substring(0, MAX_MESSAGE_CHARS) + "…";
        }
        headers.add(ERROR_CLASS, utf8(errorClass));
        headers.add(ERROR_MESSAGE, utf8(reason));
        headers.add(SOURCE_TOPIC, utf8(topic == null ? "" : topic));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
        return headers;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
