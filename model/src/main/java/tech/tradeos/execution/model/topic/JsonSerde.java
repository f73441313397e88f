package tech.tradeos.execution.model.topic;

import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tech.tradeos.execution.model.json.Json;

/**
 * The one JSON serde: null passes through (tombstones), bad bytes throw {@link SerializationException}
 * with the reason, so a deserialization handler can dead-letter them.
 */
public final class JsonSerde<T> implements Serde<T> {
    private final Class<T> type;

    private JsonSerde(Class<T> type) {
        this.type = type;
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : Json.bytes(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return Json.read(bytes, type);
            } catch (IOException | IllegalArgumentException e) {
                throw new SerializationException("invalid " + type.getSimpleName() + ": " + Json.describe(e), e);
            }
        };
    }
}
