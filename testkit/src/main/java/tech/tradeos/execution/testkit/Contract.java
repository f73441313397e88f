package tech.tradeos.execution.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The message contract of {@code docs/asyncapi.yaml}, for tests: which schema a topic's messages follow,
 * and what is wrong with a message that does not. The test kit's Kafka client checks every record it
 * reads from an output topic here, so any message the code writes in the test suite is validated and
 * the document cannot drift from the records.
 */
public final class Contract {
    /** One channel of the document: its default topic, its {@code topics.*} config key and its schemas. */
    public record Channel(String name, String address, String configKey, JsonSchema payload, JsonSchema headers) {
    }

    private static final String SCHEMA_BASE = "https://tradeos.tech/schemas/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Contract instance;

    private final Map<String, Channel> channels = new LinkedHashMap<>();

    private Contract(Path docs) throws IOException {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, b -> b.schemaMappers(
                m -> m.mapPrefix(SCHEMA_BASE, docs.resolve("schemas").toUri().toString())));
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(docs.resolve("asyncapi.yaml").toFile());
        JsonNode messages = doc.path("components").path("messages");
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("channels").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> channel = it.next();
            JsonNode messageRef = channel.getValue().path("messages").elements().next().path("$ref");
            JsonNode message = messages.path(messageRef.asText().substring(messageRef.asText().lastIndexOf('/') + 1));
            channels.put(channel.getKey(), new Channel(channel.getKey(), channel.getValue().path("address").asText(),
                    channel.getValue().path("x-tradeos-config-key").asText(),
                    schema(factory, message.path("payload").path("$ref")), schema(factory, message.path("headers").path("$ref"))));
        }
    }

    private static JsonSchema schema(JsonSchemaFactory factory, JsonNode ref) {
        if (ref.isMissingNode() || ref.asText().isEmpty()) {
            return null;
        }
        String file = ref.asText().substring(ref.asText().lastIndexOf('/') + 1);
        return factory.getSchema(SchemaLocation.of(SCHEMA_BASE + file));
    }

    /** The contract of the repository this test runs in ({@code docs/} of the nearest parent that has it). */
    public static synchronized Contract get() {
        if (instance == null) {
            Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
            while (dir != null && !Files.exists(dir.resolve("docs/asyncapi.yaml"))) {
                dir = dir.getParent();
            }
            if (dir == null) {
                throw new IllegalStateException("no docs/asyncapi.yaml above " + System.getProperty("user.dir"));
            }
            try {
                instance = new Contract(dir.resolve("docs"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public Map<String, Channel> channels() {
        return channels;
    }

    /**
     * The channel a topic belongs to: its default address, or a test's own name for it, which ends with
     * {@code .<config key>} (the tests name their topics {@code <deployment>.<config key>}).
     */
    public Optional<Channel> channelOf(String topic) {
        return channels.values().stream()
                .filter(c -> topic.equals(c.address()) || topic.endsWith("." + c.configKey()))
                .findFirst();
    }

    /** What is wrong with a message on {@code topic}: empty when it keeps the contract (or the topic is not one of its channels). */
    public List<String> violations(String topic, String value, Headers headers) {
        Optional<Channel> channel = channelOf(topic);
        if (channel.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Channel c = channel.get();
        if (c.payload() != null && value != null) {
            try {
                out.addAll(messages(c.payload().validate(JSON.readTree(value))));
            } catch (IOException notJson) {
                out.add("not JSON: " + notJson.getMessage());
            }
        }
        if (c.headers() != null && headers != null) {
            if (headers.lastHeader("tradeos.error.class") != null) {
                ObjectNode h = JSON.createObjectNode();
                for (Header header : headers) {
                    h.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
                }
                out.addAll(messages(c.headers().validate(h)));
            } else if (!hasStreamsErrorHeaders(headers)) {
                out.add("a dead letter without tradeos.error.* or Kafka Streams' __streams.errors.* headers");
            }
        }
        return out;
    }

    private static boolean hasStreamsErrorHeaders(Headers headers) {
        for (Header h : headers) {
            if (h.key().startsWith("__streams.errors.")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> messages(Set<ValidationMessage> found) {
        return found.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** Fails with every violation when a message on {@code topic} breaks the contract. */
    public static void assertValid(String topic, String value, Headers headers) {
        List<String> v = get().violations(topic, value, headers);
        if (!v.isEmpty()) {
            throw new AssertionError("a message on " + topic + " breaks docs/asyncapi.yaml: " + v + "\n" + value);
        }
    }
}
