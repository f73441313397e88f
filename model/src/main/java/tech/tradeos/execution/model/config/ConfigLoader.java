package tech.tradeos.execution.model.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.json.Json;

/**
 * Builds a {@link TradeosConfig} in three layers: the shipped defaults ({@code tradeos-defaults.yaml}),
 * then the user's YAML file (any subset of keys; maps merge, lists and scalars replace), then
 * {@code TRADEOS_*} environment variables named after the key path in upper snake case.
 */
public final class ConfigLoader {
    public static final String DEFAULTS_RESOURCE = "/tradeos-defaults.yaml";
    public static final String ENV_PREFIX = "TRADEOS_";
    /** Variables the launcher script reads itself; they are not config keys. */
    private static final Set<String> NOT_KEYS = Set.of("TRADEOS_CONFIG", "TRADEOS_JAVA_OPTS", "TRADEOS_HOME", "TRADEOS_LOG_LEVEL");
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private ConfigLoader() {
    }

    public static TradeosConfig defaults() {
        return load(null, Map.of());
    }

    /** Loads defaults, then {@code file} (may be null), then the matching entries of {@code env}. */
    public static TradeosConfig load(Path file, Map<String, String> env) {
        ObjectNode tree = defaultsTree();
        if (file != null) {
            merge(tree, readFile(file), file.toString());
        }
        applyEnvironment(tree, env);
        try {
            return YAML.treeToValue(tree, TradeosConfig.class);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException unknown) {
            String source = file == null ? "defaults/environment" : file.toString();
            String path = unknown.getPath().stream().map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]" : r.getFieldName())
                    .collect(java.util.stream.Collectors.joining("."));
            String hint = closest(unknown.getPropertyName(), unknown.getKnownPropertyIds().stream().map(Object::toString).toList());
            throw new ConfigException("invalid configuration (" + source + "): unknown key " + path
                    + (hint == null ? "" : " — did you mean " + hint + "?"), unknown);
        } catch (IOException | IllegalArgumentException e) {
            String source = file == null ? "defaults/environment" : file.toString();
            throw new ConfigException("invalid configuration (" + source + "): " + Json.describe(e), e);
        }
    }

    private static ObjectNode defaultsTree() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("the shipped defaults cannot be read", e);
        }
    }

    private static JsonNode readFile(Path file) {
        JsonNode node;
        try {
            node = YAML.readTree(Files.readAllBytes(file));
        } catch (java.nio.file.NoSuchFileException missing) {
            throw new ConfigException("cannot read config " + file + ": no such file", missing);
        } catch (IOException e) {
            throw new ConfigException("cannot read config " + file + ": " + Json.describe(e), e);
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return YAML.createObjectNode();
        }
        if (!node.isObject()) {
            throw new ConfigException("config " + file + " must be a YAML mapping of keys, found " + node.getNodeType());
        }
        return node;
    }

    private static void merge(ObjectNode base, JsonNode overlay, String source) {
        Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            JsonNode held = base.get(field.getKey());
            if (held instanceof ObjectNode heldObject && field.getValue().isObject()) {
                merge(heldObject, field.getValue(), source);
            } else {
                base.set(field.getKey(), field.getValue());
            }
        }
    }

    /** The {@code TRADEOS_*} variables of {@code env} that name no configuration key. */
    public static List<String> unknownVariables(Map<String, String> env) {
        Map<String, List<Object>> leaves = new LinkedHashMap<>();
        collectLeaves(defaultsTree(), new ArrayList<>(), leaves);
        return env.keySet().stream()
                .filter(name -> name.startsWith(ENV_PREFIX) && !NOT_KEYS.contains(name) && !leaves.containsKey(name))
                .sorted().toList();
    }

    private static void applyEnvironment(ObjectNode tree, Map<String, String> env) {
        Map<String, List<Object>> leaves = new LinkedHashMap<>();
        collectLeaves(tree, new ArrayList<>(), leaves);
        env.forEach((name, value) -> {
            if (!name.startsWith(ENV_PREFIX) || NOT_KEYS.contains(name)) {
                return;
            }
            List<Object> path = leaves.get(name);
            if (path == null) {
                String hint = closest(name, leaves.keySet());
                LOG.warn("environment variable {} matches no configuration key; ignored{}", name,
                        hint == null ? "" : " (did you mean " + hint + "?)");
                return;
            }
            setLeaf(tree, path, name, value);
        });
    }

    /** The candidate nearest to {@code wrong} by edit distance, when it is near enough to be a typo; else null. */
    static String closest(String wrong, java.util.Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(wrong.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, wrong.length() / 4) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static void collectLeaves(JsonNode node, List<Object> path, Map<String, List<Object>> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                List<Object> child = new ArrayList<>(path);
                child.add(f.getKey());
                collectLeaves(f.getValue(), child, out);
            });
        } else {
            StringBuilder name = new StringBuilder(ENV_PREFIX.substring(0, ENV_PREFIX.length() - 1));
            for (Object key : path) {
                name.append('_').append(key.toString().replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT));
            }
            out.put(name.toString(), path);
        }
    }

    private static void setLeaf(ObjectNode tree, List<Object> path, String name, String value) {
        ObjectNode parent = tree;
        for (int i = 0; i < path.size() - 1; i++) {
            parent = (ObjectNode) parent.get((String) path.get(i));
        }
        String key = (String) path.get(path.size() - 1);
        JsonNode held = parent.get(key);
        JsonNode parsed;
        if (held != null && held.isTextual()) {
            // a text key takes the value as it is: "tradeos:" or "a: b" are not YAML to interpret
            parsed = YAML.getNodeFactory().textNode(value);
        } else if (held instanceof ArrayNode && !value.trim().startsWith("[")) {
            ArrayNode list = YAML.createArrayNode();
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    list.add(item.trim());
                }
            }
            parsed = list;
        } else {
            try {
                parsed = YAML.readTree(value.isBlank() ? "\"\"" : value);
            } catch (IOException e) {
                throw new ConfigException("environment variable " + name + " is not a valid value: " + Json.describe(e), e);
            }
        }
        parent.set(key, parsed);
    }
}
