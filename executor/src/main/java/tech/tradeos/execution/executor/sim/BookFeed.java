package tech.tradeos.execution.executor.sim;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.topic.KafkaClients;
import tech.tradeos.execution.model.topic.Topics;

/**
 * Feeds the simulator the same books the router routes on: every partition of {@code marketdata.orderbook}
 * from its beginning (it is compacted), no consumer group. A record that is not a valid book is skipped.
 */
public final class BookFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BookFeed.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);

    public BookFeed(TradeosConfig config, VenueSimulator simulator) {
        Properties p = KafkaClients.consumer(config, null);
        String topic = Topics.from(config).orderbook().name();
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(() -> {
            try {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(i -> new TopicPartition(topic, i.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        try {
                            simulator.book(Json.read(r.value(), BookSnapshot.class));
                        } catch (Exception notABook) {
                            LOG.debug("skipping a record that is not a book at {}-{}@{}", r.topic(), r.partition(), r.offset());
                        }
                    }
                }
            } catch (WakeupException stopping) {
                // closed
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }, "venue-sim-books");
        thread.setDaemon(true);
    }

    public BookFeed start() {
        thread.start();
        return this;
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }
}
