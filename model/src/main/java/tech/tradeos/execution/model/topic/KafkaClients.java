package tech.tradeos.execution.model.topic;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import tech.tradeos.execution.model.config.TradeosConfig;

/**
 * The Kafka client properties of every plain client the product makes (the sink's, the admin's, the
 * demo's), from one place: the brokers, then {@code kafka.properties} as Kafka Streams reads them —
 * unprefixed entries for every client (security settings), {@code consumer.}/{@code producer.}/{@code admin.}
 * entries for that client alone.
 */
public final class KafkaClients {
    private KafkaClients() {
    }

    public static Properties admin(TradeosConfig config) {
        return props(config, AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "admin.");
    }

    /** A read-committed consumer of {@code groupId} that commits nothing by itself and starts at the earliest offset. */
    public static Properties consumer(TradeosConfig config, String groupId) {
        Properties p = props(config, ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "consumer.");
        if (groupId != null) {
            p.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        p.putIfAbsent(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }

    /** An idempotent producer that waits for all in-sync replicas. */
    public static Properties producer(TradeosConfig config) {
        Properties p = props(config, ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "producer.");
        p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return p;
    }

    private static Properties props(TradeosConfig config, String bootstrapKey, String prefix) {
        Properties p = new Properties();
        p.put(bootstrapKey, config.kafka().bootstrapServers());
        for (Map.Entry<String, String> e : config.kafka().properties().entrySet()) {
            String key = e.getKey();
            if (key.startsWith(prefix)) {
                p.put(key.substring(prefix.length()), e.getValue());
            } else if (!key.startsWith("consumer.") && !key.startsWith("producer.") && !key.startsWith("admin.")
                    && !key.startsWith("main.consumer.") && !key.startsWith("restore.consumer.")
                    && !key.startsWith("global.consumer.") && isClientSetting(key)) {
                p.put(key, e.getValue());
            }
        }
        return p;
    }

    /** Unprefixed settings every client shares (security, client dns); Streams-only settings stay out. */
    private static boolean isClientSetting(String key) {
        return key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")
                || key.equals("client.dns.lookup") || key.startsWith("metadata.") || key.startsWith("reconnect.");
    }
}
