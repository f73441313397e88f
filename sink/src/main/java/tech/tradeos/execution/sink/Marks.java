package tech.tradeos.execution.sink;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.Decimals;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.topic.KafkaClients;

/**
 * The latest mid per venue and instrument, read from the book topic from its end on (no consumer group, no offsets:
 * a mark is only worth its newest value), for marking open positions to market (docs/README.md §TCA). Feeds publish
 * every few seconds, so marks are known moments after start; until then a position is unmarked. A record is checked
 * as the router checks it ({@link tech.tradeos.execution.model.MarketDataRules}: a valid book of a configured venue
 * listing the instrument, not stamped ahead of this clock beyond {@code routing.max-clock-skew-ms}); one that fails is
 * skipped (the router dead-letters it) — a book stamped in 2199 would otherwise freeze the mark until restart.
 */
final class Marks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Marks.class);

    /** A mid and the book time it is from. */
    record Mark(BigDecimal mid, Instant at) {
    }

    private final Map<String, Mark> marks = new ConcurrentHashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final TradeosConfig config;
    private final java.time.Clock clock;

    Marks(TradeosConfig config, String topic) {
        this(config, topic, java.time.Clock.systemUTC());
    }

    Marks(TradeosConfig config, String topic, java.time.Clock clock) {
        this.config = config;
        this.clock = clock;
        this.topic = topic;
        Properties p = KafkaClients.consumer(config, null); // assigned, not subscribed: no group, nothing committed
        // asking for a missing topic's partitions must not create it with the broker's defaults (not compacted)
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::run, "sink-marks");
        thread.setDaemon(true);
    }

    Marks start() {
        thread.start();
        return this;
    }

    /** The latest mid of {@code venue}'s book of {@code instrument}; null when none was seen. */
    Mark mark(String venue, String instrument) {
        return marks.get(venue + "\u0000" + instrument);
    }

    /** Records a book's mid (also what the loop does with every record). */
    void offer(byte[] value) {
        try {
            tech.tradeos.execution.model.BookSnapshot book = Json.read(value, tech.tradeos.execution.model.BookSnapshot.class);
            if (book.bids().isEmpty() || book.asks().isEmpty()) {
                return;
            }
            java.util.Optional<String> problem = tech.tradeos.execution.model.MarketDataRules.problem(config, book.venue(),
                    book.instrument(), book.timestamp(), clock.millis());
            if (problem.isPresent()) {
                LOG.debug("marks: skipping a book: {}", problem.get());
                return;
            }
            BigDecimal mid = book.mid();
            Instant at = book.timestamp();
            marks.merge(book.venue() + "\u0000" + book.instrument(), new Mark(mid, at),
                    (held, next) -> next.at().isBefore(held.at()) ? held : next);
        } catch (Exception unreadable) {
            // not a book this reader can mark from; the router dead-letters it with the reason
        }
    }

    private void run() {
        try {
            while (running.get()) {
                List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                if (partitions == null || partitions.isEmpty()) {
                    Thread.sleep(5_000); // the topic does not exist yet: look again
                    continue;
                }
                List<TopicPartition> assigned = partitions.stream().map(pi -> new TopicPartition(topic, pi.partition())).toList();
                consumer.assign(assigned);
                consumer.seekToEnd(assigned);
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        offer(r.value());
                    }
                }
            }
        } catch (WakeupException | InterruptedException stopping) {
            // closing
        } catch (RuntimeException e) {
            LOG.warn("marks reader stopped ({}): open positions stay marked at their last mid", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
