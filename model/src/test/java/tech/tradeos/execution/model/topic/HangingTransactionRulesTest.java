package tech.tradeos.execution.model.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The two rules behind hanging-transaction detection, apart from a broker. */
class HangingTransactionRulesTest {
    private static final TopicPartition FILLS_0 = new TopicPartition("execution.fills", 0);
    private static final TopicPartition FILLS_1 = new TopicPartition("execution.fills", 1);
    private static final Instant T0 = Instant.parse("2026-12-03T00:00:00Z");

    @Test
    void aPartitionIsStuckOnlyWhenItsLastStableOffsetStaysBehindLongerThanTheThreshold() {
        StableOffsetWatch watch = new StableOffsetWatch(Duration.ofSeconds(60));
        assertThat(watch.observe(Map.of(FILLS_0, 10L, FILLS_1, 5L), Map.of(FILLS_0, 12L, FILLS_1, 5L), T0)).isEmpty();
        // behind but moving: transactions are ending
        assertThat(watch.observe(Map.of(FILLS_0, 11L, FILLS_1, 5L), Map.of(FILLS_0, 20L, FILLS_1, 5L), T0.plusSeconds(50))).isEmpty();
        assertThat(watch.observe(Map.of(FILLS_0, 11L, FILLS_1, 5L), Map.of(FILLS_0, 30L, FILLS_1, 5L), T0.plusSeconds(110))).isEmpty();
        assertThat(watch.observe(Map.of(FILLS_0, 11L, FILLS_1, 5L), Map.of(FILLS_0, 40L, FILLS_1, 5L), T0.plusSeconds(111)))
                .singleElement().satisfies(s -> {
                    assertThat(s.partition()).isZero();
                    assertThat(s.lastStableOffset()).isEqualTo(11);
                    assertThat(s.highWatermark()).isEqualTo(40);
                    assertThat(s.stuckFor()).isEqualTo(Duration.ofSeconds(61));
                });
        // the transaction ended: caught up
        assertThat(watch.observe(Map.of(FILLS_0, 40L, FILLS_1, 5L), Map.of(FILLS_0, 40L, FILLS_1, 5L), T0.plusSeconds(200))).isEmpty();
        assertThat(watch.observe(Map.of(FILLS_0, 40L, FILLS_1, 5L), Map.of(FILLS_0, 41L, FILLS_1, 5L), T0.plusSeconds(230))).isEmpty();
    }

    private static ProducerState open(long producerId, int epoch) {
        return new ProducerState(producerId, epoch, 3, T0.toEpochMilli(), OptionalInt.of(0), OptionalLong.of(100));
    }

    private static Optional<TransactionDescription> coordinator(TransactionState state, long producerId, int epoch, TopicPartition... in) {
        return Optional.of(new TransactionDescription(1, state, producerId, epoch, 60_000, OptionalLong.of(T0.toEpochMilli()), Set.of(in)));
    }

    @Test
    void anOpenTransactionHangsWhenItsCoordinatorDoesNotTrackItOnThatPartition() {
        assertThat(OpenTransactions.verdict(FILLS_0, open(7, 2), Optional.empty()))
                .as("no transactional id has this producer id").isEqualTo(OpenTransactions.Verdict.HANGING);
        assertThat(OpenTransactions.verdict(FILLS_0, open(7, 2), coordinator(TransactionState.ONGOING, 7, 2, FILLS_0)))
                .isEqualTo(OpenTransactions.Verdict.OPEN);
        assertThat(OpenTransactions.verdict(FILLS_0, open(7, 2), coordinator(TransactionState.PREPARE_COMMIT, 7, 2, FILLS_0)))
                .isEqualTo(OpenTransactions.Verdict.OPEN);
        assertThat(OpenTransactions.verdict(FILLS_0, open(7, 2), coordinator(TransactionState.COMPLETE_ABORT, 7, 2, FILLS_0)))
                .as("the coordinator finished it, the marker never came").isEqualTo(OpenTransactions.Verdict.HANGING);
        assertThat(OpenTransactions.verdict(FILLS_0, open(7, 2), coordinator(TransactionState.ONGOING, 7, 2, FILLS_1)))
                .as("its ongoing transaction is elsewhere").isEqualTo(OpenTransactions.Verdict.HANGING);
        assertThat(OpenTransactions.verdict(FILLS_0, open(7, 2), coordinator(TransactionState.ONGOING, 7, 3, FILLS_0)))
                .as("a later epoch's transaction").isEqualTo(OpenTransactions.Verdict.HANGING);
        assertThat(OpenTransactions.verdict(FILLS_0, open(7, 2), coordinator(TransactionState.EMPTY, 7, 2)))
                .isEqualTo(OpenTransactions.Verdict.HANGING);
    }
}
