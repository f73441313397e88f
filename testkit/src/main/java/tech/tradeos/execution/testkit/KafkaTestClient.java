package tech.tradeos.execution.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain producer and read-committed consumer for integration tests: what another service would see. */
public final class KafkaTestClient implements AutoCloseable {
    /** The topics the product writes (its inputs are written by the tests themselves, bad records included). */
    private static final java.util.Set<String> OUTPUTS = java.util.Set.of("orders-routed", "intents-rejected", "fills", "tca", "dlq", "orders-updates");
    private final KafkaProducer<String, String> producer;
    private final String bootstrap;

    public KafkaTestClient(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** Sends without waiting for each acknowledgement (a burst); {@link #flush} waits for them all. */
    public void sendAsync(String topic, String key, String value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    public void flush() {
        producer.flush();
    }

    public void send(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("send to " + topic + " failed", e);
        }
    }

    /** Reads {@code topic} from the start (committed records only) until {@code done} holds or the timeout passes. */
    public List<ConsumerRecord<String, String>> readUntil(String topic, Duration timeout, Predicate<List<ConsumerRecord<String, String>>> done) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(seen) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (OUTPUTS.contains(Contract.get().channelOf(topic).map(Contract.Channel::configKey).orElse(""))) {
                        Contract.assertValid(topic, r.value(), r.headers()); // every message the code writes keeps the contract
                    }
                    seen.add(r);
                }
            }
        }
        return seen;
    }

    @Override
    public void close() {
        producer.close();
    }
}
