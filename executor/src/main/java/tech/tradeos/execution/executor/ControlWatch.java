package tech.tradeos.execution.executor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.control.ControlCommand;
import tech.tradeos.execution.model.control.ControlState;
import tech.tradeos.execution.model.config.Redaction;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.topic.KafkaClients;
import tech.tradeos.execution.model.topic.Topic;
import tech.tradeos.execution.model.topic.Topics;

/**
 * The operator's instructions as the executor sees them: {@code execution.control} read from its beginning by every
 * executor (no group: each needs the whole state), folded into a {@link ControlState} like the router's. The
 * executor sends nothing until the watch has read up to the topic's end once ({@link #awaitCaughtUp}), so a halt given
 * while it was down holds from its first order. A record that cannot be read is skipped with a warning (the router
 * dead-letters it).
 */
final class ControlWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlWatch.class);

    private final Topic<String, ControlCommand> topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AtomicReference<ControlState> state;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    ControlWatch(TradeosConfig config) {
        this.topic = Topics.from(config).control();
        this.state = new AtomicReference<>(ControlState.of(config.limits()));
        var props = KafkaClients.consumer(config, null);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::run, "executor-control");
        thread.setDaemon(true);
    }

    ControlWatch start() {
        thread.start();
        return this;
    }

    ControlState state() {
        return state.get();
    }

    /** Whether the whole topic, as it was at start, has been read; waits up to {@code wait}. */
    boolean awaitCaughtUp(Duration wait) throws InterruptedException {
        return caughtUp.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = null;
            Map<TopicPartition, Long> end = null;
            while (running.get()) {
                try {
                    if (partitions == null) {
                        partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
                                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                        if (partitions.isEmpty()) {
                            partitions = null;
                            continue;
                        }
                        consumer.assign(partitions);
                        consumer.seekToBeginning(partitions);
                        end = consumer.endOffsets(partitions);
                    }
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        apply(r);
                    }
                    if (caughtUp.getCount() > 0 && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                        caughtUp.countDown();
                        LOG.info("executor: operator instructions read ({} in force)", state.get().byKey().size());
                    }
                } catch (WakeupException stopping) {
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("executor: reading {} failed ({}); trying again", topic.name(), Redaction.message(e));
                    partitions = null;
                    sleep();
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            LOG.warn("executor: a tombstone on {} at {}-{} is not an instruction; ignored", r.topic(), r.partition(), r.offset());
            return;
        }
        ControlCommand command;
        try {
            command = topic.valueSerde().deserializer().deserialize(r.topic(), r.value());
        } catch (RuntimeException unreadable) {
            LOG.warn("executor: unreadable instruction at {}-{}@{} skipped: {}", r.topic(), r.partition(), r.offset(),
                    Redaction.message(unreadable));
            return;
        }
        if (command == null) {
            return;
        }
        state.updateAndGet(s -> s.apply(command));
        LOG.info("executor: operator instruction {}", command.describe());
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000); // back-off before asking a broker that failed again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
