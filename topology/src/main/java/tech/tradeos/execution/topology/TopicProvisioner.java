package tech.tradeos.execution.topology;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.topic.KafkaClients;
import tech.tradeos.execution.model.topic.Topics;

/**
 * Creates the product's topics that do not exist yet (never alters existing ones): {@code kafka.partitions}
 * partitions, {@code kafka.replication-factor} replicas, market-data topics compacted so a restarted
 * router reloads the latest book and funding of every venue.
 */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    public static void ensureTopics(TradeosConfig config) {
        Topics topics = Topics.from(config.topics());
        Properties props = KafkaClients.admin(config);
        try (Admin admin = Admin.create(props)) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            Replication.warning(brokers, config.kafka().replicationFactor()).ifPresent(LOG::warn);
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.all().stream().filter(t -> !existing.contains(t)).map(name -> {
                NewTopic topic = new NewTopic(name, config.kafka().partitions(), config.kafka().replicationFactor());
                return topic.configs(topicConfigs(config, topics, name));
            }).toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e; // another instance creating the same topics at the same time is fine
                }
            }
            awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
            LOG.info("created topics {}", missing.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics on " + config.kafka().bootstrapServers() + ": " + e, e);
        }
    }

    /**
     * What a topic is created with. {@code execution.control} is compacted only (never {@code delete}: no time or
     * size retention can drop the latest instruction of a key), with tombstones kept no longer than a day (the
     * router refuses them and writes the instruction again).
     */
    static Map<String, String> topicConfigs(TradeosConfig config, Topics topics, String name) {
        Map<String, String> configs = new java.util.HashMap<>();
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                Integer.toString(Replication.minInsyncReplicas(config.kafka().replicationFactor())));
        if (topics.compacted().contains(name)) {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        if (name.equals(topics.control().name())) {
            configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
            configs.put(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
            configs.put(TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(java.time.Duration.ofDays(1).toMillis()));
        }
        return configs;
    }

    /**
     * Waits until every partition of {@code names} has a leader: a topic the controller created may not be in a
     * broker's metadata yet, and Kafka Streams' global store refuses a topic without partitions at start.
     */
    private static void awaitLeaders(Admin admin, List<String> names) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                boolean ready = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                        .allMatch(d -> !d.partitions().isEmpty() && d.partitions().stream().allMatch(p -> p.leader() != null));
                if (ready) {
                    return;
                }
            } catch (ExecutionException notYet) {
                // UnknownTopicOrPartition until the metadata arrives
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("created topics " + names + " have no leader after 30 s");
            }
            Thread.sleep(100); // polling the broker's metadata with a deadline
        }
    }

    /**
     * The partition count the input topics share, for {@code kafka.inputs-keyed-by-instrument}: a router
     * that routes in the inputs' own partitions cannot run on topics partitioned differently.
     */
    public static int sharedInputPartitions(TradeosConfig config) {
        Topics topics = Topics.from(config.topics());
        List<String> inputs = List.of(topics.intentsApproved().name(), topics.orderbook().name(), topics.funding().name());
        Properties props = KafkaClients.admin(config);
        try (Admin admin = Admin.create(props)) {
            Map<String, Integer> counts = new java.util.TreeMap<>();
            admin.describeTopics(inputs).allTopicNames().get(30, TimeUnit.SECONDS)
                    .forEach((name, description) -> counts.put(name, description.partitions().size()));
            if (new java.util.HashSet<>(counts.values()).size() != 1) {
                throw new IllegalStateException("kafka.inputs-keyed-by-instrument needs the input topics to have the same "
                        + "partition count; they have " + counts + ". Turn it off, or give them the same count.");
            }
            return counts.values().iterator().next();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe topics on " + config.kafka().bootstrapServers() + ": " + e, e);
        }
    }
}
