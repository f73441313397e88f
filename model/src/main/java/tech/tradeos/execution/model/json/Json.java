package tech.tradeos.execution.model.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.stream.Collectors;

/**
 * The one JSON mapping of the product's messages. Decimals are read from numbers or strings and
 * always written as plain strings, so no consumer ever sees a binary float or an exponent.
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("tradeos-decimals")
                    .addSerializer(BigDecimal.class, new PlainDecimal())
                    .addDeserializer(BigDecimal.class, new DecimalFromNumberOrString()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private Json() {
    }

    public static <T> T read(byte[] bytes, Class<T> type) throws IOException {
        return MAPPER.readValue(bytes, type);
    }

    public static <T> T read(String text, Class<T> type) throws IOException {
        return MAPPER.readValue(text, type);
    }

    public static JsonNode tree(String text) throws IOException {
        JsonNode node = MAPPER.readTree(text);
        if (node == null || node.isMissingNode()) {
            throw new JsonParseException(null, "empty input: no JSON value");
        }
        return node;
    }

    public static <T> T convert(JsonNode node, Class<T> type) throws IOException {
        return MAPPER.treeToValue(node, type);
    }

    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static String pretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * A one-line explanation of why input was refused, naming the field: "quantity must be > 0, got -1",
     * "direction: 'UP' is not one of [LONG, SHORT]", "malformed JSON at line 1, column 7: ...".
     */
    public static String describe(Throwable error) {
        if (error instanceof JsonParseException parse) {
            var loc = parse.getLocation();
            String where = loc == null || loc.getLineNr() < 0 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            return "malformed JSON" + where + ": " + parse.getOriginalMessage();
        }
        if (error instanceof JsonMappingException mapping) {
            Throwable cause = mapping.getCause();
            if (cause instanceof IllegalArgumentException invalid && invalid.getMessage() != null) {
                return prefix(mapping, true) + invalid.getMessage();
            }
            if (mapping instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException format
                    && format.getTargetType() != null && format.getTargetType().isEnum()) {
                return prefix(mapping, false) + "'" + format.getValue() + "' is not one of "
                        + java.util.Arrays.toString(format.getTargetType().getEnumConstants());
            }
            String original = mapping.getOriginalMessage();
            int cut = original.indexOf('\n');
            return prefix(mapping, false) + (cut > 0 ? original.substring(0, cut) : original);
        }
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }

    /** "bids[2]: " for errors inside nested values; the messages of top-level checks name their field already. */
    private static String prefix(JsonMappingException e, boolean validation) {
        var path = e.getPath();
        if (path.isEmpty() || (validation && path.size() == 1)) {
            return "";
        }
        if (validation) {
            path = path.subList(0, path.size() - 1);
        }
        String joined = path.stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return (joined.startsWith(".") ? joined.substring(1) : joined) + ": ";
    }

    /**
     * Decimals from JSON numbers (read exactly) or strings. Jackson's own string path validates with a
     * regular expression first, which dominated book ingestion; {@code new BigDecimal} validates anyway,
     * and the common plain shape is read from the parser's buffer without a String ({@link DecimalText}).
     */
    private static final class DecimalFromNumberOrString extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<BigDecimal> {
        DecimalFromNumberOrString() {
            super(BigDecimal.class);
        }

        @Override
        public BigDecimal deserialize(com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.databind.DeserializationContext ctx)
                throws IOException {
            switch (p.currentToken()) {
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT:
                    return p.getDecimalValue();
                case VALUE_STRING:
                    BigDecimal plain = DecimalText.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    if (plain != null) {
                        return plain;
                    }
                    String text = p.getText().trim();
                    try {
                        return new BigDecimal(text);
                    } catch (NumberFormatException e) {
                        return (BigDecimal) ctx.handleWeirdStringValue(BigDecimal.class, text, "not a decimal number");
                    }
                default:
                    return (BigDecimal) ctx.handleUnexpectedToken(BigDecimal.class, p);
            }
        }
    }

    private static final class PlainDecimal extends StdSerializer<BigDecimal> {
        PlainDecimal() {
            super(BigDecimal.class);
        }

        @Override
        public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.toPlainString());
        }
    }
}
