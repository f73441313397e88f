package tech.tradeos.execution.model.topic;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.config.Redaction;
import tech.tradeos.execution.model.config.TradeosConfig;

/**
 * Runs a {@link StableOffsetWatch} over the topics a service reads, on a thread of its own, and keeps what
 * it found for health and metrics: a service waiting behind a hanging transaction says so instead of
 * answering 200 while nothing moves. A failed look (the broker away) keeps the last answer.
 */
public final class StuckPartitionMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StuckPartitionMonitor.class);

    private final Admin admin;
    private final StableOffsetWatch watch;
    private final Function<Admin, Collection<String>> topics;
    private final Duration threshold;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stuck-partition-monitor");
        t.setDaemon(true);
        return t;
    });
    private volatile List<StableOffsetWatch.StuckPartition> stuck = List.of();

    /** {@code topics}: what the service reads now (it may list topics, e.g. repartition topics created later). */
    public StuckPartitionMonitor(TradeosConfig config, Function<Admin, Collection<String>> topics) {
        this.admin = Admin.create(KafkaClients.admin(config));
        this.threshold = Duration.ofMillis(config.kafka().hangingTransactionMs());
        this.watch = new StableOffsetWatch(threshold);
        this.topics = topics;
    }

    public StuckPartitionMonitor start() {
        long periodMs = Math.max(1_000, Math.min(30_000, threshold.toMillis() / 4));
        scheduler.scheduleWithFixedDelay(this::look, 0, periodMs, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The partitions stuck behind an open transaction at the last look. */
    public List<StableOffsetWatch.StuckPartition> stuck() {
        return stuck;
    }

    private void look() {
        try {
            List<StableOffsetWatch.StuckPartition> now = watch.check(admin, topics.apply(admin), Instant.now());
            if (!now.isEmpty() && !names(now).equals(names(stuck))) {
                LOG.error("read_committed readers are stuck behind an open transaction on {}: its last stable offset has not"
                        + " moved for longer than kafka.hanging-transaction-ms ({}); `tradeos transactions --config F` finds"
                        + " and aborts a hanging one", now, threshold);
            } else if (now.isEmpty() && !stuck.isEmpty()) {
                LOG.info("no partition is stuck behind an open transaction any more");
            }
            stuck = now;
        } catch (Exception e) {
            LOG.debug("could not look at the last stable offsets: {}", Redaction.message(e));
        }
    }

    private static List<String> names(List<StableOffsetWatch.StuckPartition> partitions) {
        return partitions.stream().map(p -> p.topic() + "-" + p.partition()).toList();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
