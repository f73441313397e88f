package tech.tradeos.execution.model.topic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds the partitions a read_committed reader cannot get past: the last stable offset (LSO) behind the
 * high watermark, without moving, for longer than {@code kafka.hanging-transaction-ms}. That is an open
 * transaction that never ended — a hanging transaction, which a broker restart can leave behind (its
 * coordinator timed the transaction out without writing the abort markers) — and every read_committed
 * consumer of the partition waits behind it for ever while looking healthy. {@code tradeos transactions}
 * finds and aborts it.
 */
public final class StableOffsetWatch {
    /** A partition whose last stable offset has not moved, behind its high watermark, for {@code stuckFor}. */
    public record StuckPartition(String topic, int partition, long lastStableOffset, long highWatermark, Duration stuckFor) {
    }

    private record Seen(long lastStable, Instant since) {
    }

    private final Duration threshold;
    private final Map<TopicPartition, Seen> behind = new HashMap<>();

    public StableOffsetWatch(Duration threshold) {
        this.threshold = threshold;
    }

    /** Looks at every partition of {@code topics} now; returns those stuck for longer than the threshold. */
    public synchronized List<StuckPartition> check(Admin admin, Collection<String> topics, Instant now) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
            d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition())));
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> stable = admin.listOffsets(latest,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> high = admin.listOffsets(latest,
                new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get(30, TimeUnit.SECONDS);
        return judge(stable, high, now);
    }

    /** The bookkeeping of {@link #check}, apart from the broker: one observation of every partition. */
    synchronized List<StuckPartition> judge(Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> stable,
                                            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> high, Instant now) {
        return observe(offsets(stable), offsets(high), now);
    }

    synchronized List<StuckPartition> observe(Map<TopicPartition, Long> stable, Map<TopicPartition, Long> high, Instant now) {
        List<StuckPartition> stuck = new ArrayList<>();
        behind.keySet().retainAll(stable.keySet());
        for (Map.Entry<TopicPartition, Long> e : stable.entrySet()) {
            TopicPartition tp = e.getKey();
            long lso = e.getValue();
            long hw = high.getOrDefault(tp, lso);
            if (lso >= hw) {
                behind.remove(tp);
                continue;
            }
            Seen seen = behind.get(tp);
            if (seen == null || seen.lastStable() != lso) {
                behind.put(tp, new Seen(lso, now)); // behind, but moving: transactions are ending
                continue;
            }
            Duration stuckFor = Duration.between(seen.since(), now);
            if (stuckFor.compareTo(threshold) > 0) {
                stuck.add(new StuckPartition(tp.topic(), tp.partition(), lso, hw, stuckFor));
            }
        }
        stuck.sort(java.util.Comparator.comparing(StuckPartition::topic).thenComparingInt(StuckPartition::partition));
        return stuck;
    }

    private static Map<TopicPartition, Long> offsets(Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos) {
        Map<TopicPartition, Long> out = new HashMap<>();
        infos.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }
}
