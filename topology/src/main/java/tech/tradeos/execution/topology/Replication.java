package tech.tradeos.execution.topology;

import java.util.Optional;

/**
 * What the replication settings mean for the state the router keeps in Kafka (the dedupe memory, the held
 * intents, the position records live in changelog topics): a single replica on a cluster that could hold
 * more loses them with one broker, and {@code min.insync.replicas} below two acknowledges a write one
 * broker alone holds.
 */
public final class Replication {
    private Replication() {
    }

    /** A warning when {@code kafka.replication-factor} is below what a cluster of {@code brokers} allows, else empty. */
    public static Optional<String> warning(int brokers, int replicationFactor) {
        int advisable = Math.min(brokers, 3);
        if (replicationFactor >= advisable) {
            return Optional.empty();
        }
        return Optional.of("kafka.replication-factor is " + replicationFactor + " on a cluster of " + brokers
                + " brokers: the topics and changelogs this router creates (its dedupe memory, held intents and position"
                + " records) would not survive the loss of one broker; set kafka.replication-factor to " + advisable);
    }

    /** The {@code min.insync.replicas} to create topics with: one less than the replicas, at least one. */
    public static int minInsyncReplicas(int replicationFactor) {
        return Math.max(1, replicationFactor - 1);
    }
}
