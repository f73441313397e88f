package tech.tradeos.execution.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tech.tradeos.execution.embedded.EmbeddedKafka;

/**
 * The {@code TRADEOS_*} environment of one test deployment on a shared broker: its own topics
 * ({@code <name>.<config key>}, which the contract check recognises), application and group ids, state
 * directory, free ports, PostgreSQL schema and Redis key prefix, so tests never collide.
 */
public final class Deployment {
    private static final List<String> TOPIC_KEYS =
            List.of("intents-approved", "orderbook", "funding", "orders-routed", "intents-rejected", "fills", "tca", "dlq", "orders-updates", "control",
                    "funding-payments");

    private Deployment() {
    }

    public static Map<String, String> env(String name, String bootstrapServers) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("TRADEOS_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("TRADEOS_KAFKA_APPLICATION_ID", name + "-router");
        env.put("TRADEOS_KAFKA_PARTITIONS", "2");
        env.put("TRADEOS_KAFKA_STATE_DIR", Files.createTempDirectory("state").toString());
        env.put("TRADEOS_HTTP_PORT", Integer.toString(EmbeddedKafka.freePort()));
        env.put("TRADEOS_SINK_HTTP_PORT", Integer.toString(EmbeddedKafka.freePort()));
        env.put("TRADEOS_SINK_GROUP_ID", name + "-sink");
        env.put("TRADEOS_POSTGRES_SCHEMA", name.replace('-', '_') + "_" + UUID.randomUUID().toString().substring(0, 8));
        env.put("TRADEOS_REDIS_KEY_PREFIX", name + ":");
        for (String topic : TOPIC_KEYS) {
            env.put("TRADEOS_TOPICS_" + topic.toUpperCase().replace('-', '_'), name + "." + topic);
        }
        return env;
    }
}
