package tech.tradeos.execution.model.topic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;

/**
 * The open transactions on a set of topics, through Kafka's Admin API, and which of them hang: an open
 * transaction on a partition that its coordinator no longer tracks for that partition (no transactional id
 * with that producer id, one that is no longer ongoing, or one whose partitions leave it out) will never be
 * completed by anyone — Kafka's own {@code kafka-transactions.sh find-hanging} rule. Aborting one writes the
 * abort marker the coordinator never wrote: its records, never visible to a read_committed reader, are
 * discarded, and the partition's readers move on.
 */
public final class OpenTransactions {
    /** Whether the coordinator will end a transaction by itself. */
    public enum Verdict {
        /** Its coordinator tracks it on this partition: it ends by itself (commit, abort or timeout). */
        OPEN,
        /** Nobody will end it: safe to abort. */
        HANGING
    }

    /** One producer's open transaction on one partition. */
    public record Open(String topic, int partition, long producerId, int producerEpoch, int coordinatorEpoch,
                       long startOffset, Instant lastWrite, String transactionalId, String coordinatorState, Verdict verdict) {
        AbortTransactionSpec abortSpec() {
            return new AbortTransactionSpec(new TopicPartition(topic, partition), producerId, (short) producerEpoch, coordinatorEpoch);
        }
    }

    private OpenTransactions() {
    }

    /** Every transaction open on {@code topics} whose producer last wrote more than {@code olderThan} ago. */
    public static List<Open> find(Admin admin, Collection<String> topics, Duration olderThan, Instant now) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
            d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition())));
        }
        Map<TopicPartition, PartitionProducerState> producers = admin.describeProducers(partitions).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, List<ProducerState>> open = new HashMap<>();
        producers.forEach((tp, state) -> state.activeProducers().stream()
                .filter(p -> p.currentTransactionStartOffset().isPresent())
                .filter(p -> Duration.between(Instant.ofEpochMilli(p.lastTimestamp()), now).compareTo(olderThan) > 0)
                .forEach(p -> open.computeIfAbsent(tp, k -> new ArrayList<>()).add(p)));
        if (open.isEmpty()) {
            return List.of();
        }
        Set<Long> producerIds = open.values().stream().flatMap(List::stream).map(ProducerState::producerId).collect(Collectors.toSet());
        Map<Long, TransactionListing> listings = new HashMap<>();
        for (TransactionListing l : admin.listTransactions(new ListTransactionsOptions().filterProducerIds(producerIds))
                .all().get(30, TimeUnit.SECONDS)) {
            listings.put(l.producerId(), l);
        }
        Map<String, TransactionDescription> descriptions = listings.isEmpty() ? Map.of()
                : admin.describeTransactions(listings.values().stream().map(TransactionListing::transactionalId).toList())
                        .all().get(30, TimeUnit.SECONDS);
        List<Open> found = new ArrayList<>();
        open.forEach((tp, states) -> states.forEach(p -> {
            TransactionListing listing = listings.get(p.producerId());
            Optional<TransactionDescription> description = Optional.ofNullable(listing == null ? null : descriptions.get(listing.transactionalId()));
            found.add(new Open(tp.topic(), tp.partition(), p.producerId(), p.producerEpoch(), p.coordinatorEpoch().orElse(-1),
                    p.currentTransactionStartOffset().getAsLong(), Instant.ofEpochMilli(p.lastTimestamp()),
                    listing == null ? null : listing.transactionalId(),
                    description.map(d -> d.state().toString()).orElse(null), verdict(tp, p, description)));
        }));
        found.sort(java.util.Comparator.comparing(Open::topic).thenComparingInt(Open::partition).thenComparingLong(Open::producerId));
        return found;
    }

    /** The rule, apart from the broker: OPEN only while the coordinator tracks this producer's transaction on {@code tp}. */
    static Verdict verdict(TopicPartition tp, ProducerState producer, Optional<TransactionDescription> coordinator) {
        if (coordinator.isEmpty()) {
            return Verdict.HANGING;
        }
        TransactionDescription d = coordinator.get();
        boolean inProgress = d.state() == TransactionState.ONGOING || d.state() == TransactionState.PREPARE_COMMIT
                || d.state() == TransactionState.PREPARE_ABORT;
        boolean sameProducer = d.producerId() == producer.producerId() && d.producerEpoch() == producer.producerEpoch();
        return inProgress && sameProducer && d.topicPartitions().contains(tp) ? Verdict.OPEN : Verdict.HANGING;
    }

    /** Writes the abort marker of {@code open} on its partition. */
    public static void abort(Admin admin, Open open) throws Exception {
        admin.abortTransaction(open.abortSpec()).all().get(30, TimeUnit.SECONDS);
    }

    /** Every topic a service of {@code topics} reads with read_committed, with {@code extra} (e.g. repartition topics). */
    public static List<String> readTopics(Topics topics, Collection<String> extra) {
        List<String> all = new ArrayList<>(List.of(topics.intentsApproved().name(), topics.orderbook().name(),
                topics.funding().name(), topics.fills().name(), topics.ordersRouted().name()));
        all.addAll(extra);
        return all;
    }
}
