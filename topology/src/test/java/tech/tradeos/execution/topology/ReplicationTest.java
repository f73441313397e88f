package tech.tradeos.execution.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Production-unsafe replication is said at start; topics are created with min.insync.replicas = replicas − 1. */
class ReplicationTest {
    @Test
    void aSingleReplicaOnAClusterThatHoldsMoreIsWarnedAbout() {
        assertThat(Replication.warning(3, 1)).hasValueSatisfying(w -> assertThat(w)
                .contains("kafka.replication-factor is 1 on a cluster of 3 brokers").endsWith("set kafka.replication-factor to 3"));
        assertThat(Replication.warning(5, 2)).isPresent();
        assertThat(Replication.warning(1, 1)).as("a one-broker cluster allows no more").isEmpty();
        assertThat(Replication.warning(5, 3)).isEmpty();
    }

    @Test
    void minInsyncReplicasIsOneLessThanTheReplicas() {
        assertThat(Replication.minInsyncReplicas(1)).isEqualTo(1);
        assertThat(Replication.minInsyncReplicas(3)).isEqualTo(2);
    }
}
