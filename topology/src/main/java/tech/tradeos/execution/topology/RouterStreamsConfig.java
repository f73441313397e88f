package tech.tradeos.execution.topology;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import tech.tradeos.execution.model.config.TradeosConfig;

/**
 * The Kafka Streams settings of a router instance, from the TradeOS config: exactly-once v2 by default,
 * failures that skip the record to the DLQ instead of stopping the stream, standby replicas as configured,
 * and the instance's HTTP address advertised for interactive queries.
 */
public final class RouterStreamsConfig {
    private RouterStreamsConfig() {
    }

    public static Properties properties(TradeosConfig config) {
        TradeosConfig.Kafka kafka = config.kafka();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, kafka.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, kafka.processingGuarantee());
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, kafka.numStandbyReplicas());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.replicationFactor());
        // the changelogs and repartition topics Kafka Streams creates get the same min.insync.replicas as ours
        p.put(StreamsConfig.topicPrefix(org.apache.kafka.common.config.TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
                Integer.toString(Replication.minInsyncReplicas(kafka.replicationFactor())));
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterOnProduce.class);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.topics().dlq());
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertisedHost(config) + ":" + config.http().port());
        p.put(StreamsConfig.STATE_DIR_CONFIG, kafka.stateDir());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        // Kafka Streams lingers 100 ms by default: with a repartition hop that alone is 200 ms an intent
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 1);
        // Never wait for data on an empty input partition: no order across the input topics is relied on (they
        // are merged and repartitioned by instrument), and at 0 every task checks every partition each loop,
        // formatting a log line per partition even with TRACE off (7 % of the stream thread under load)
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        // Decisions are JSON of repeated field names, kept for the dedupe retention in RocksDB and in their
        // changelog: compressed, they take a fraction of the disk (BENCHMARKS.md §Memory and state size); every
        // RocksDB store of the process shares one memory budget (StoreOptions)
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, StoreOptions.class);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        // An idle stream thread waits in poll for up to poll.ms (100 ms by default) before it checks whether the
        // commit interval has passed; under exactly-once nothing is visible before that commit, so the wait
        // could add up to 100 ms to an intent that arrived on a quiet stream
        p.put(StreamsConfig.POLL_MS_CONFIG, 5L);
        // A transaction that starts while the previous one is still being completed is refused for a moment
        // (CONCURRENT_TRANSACTIONS) and retried after retry.backoff.ms, 100 ms by default: with intents
        // committed within kafka.intent-commit-ms that was the exactly-once p99 (125–220 ms → 50–65 ms at 10)
        p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 10L);
        // Under exactly-once the first batch to a partition in a new transaction can be refused for a moment
        // (CONCURRENT_TRANSACTIONS, the previous transaction still completing); a later batch already in flight
        // to that partition is then refused as out of order, and the first one's retries fail the same way
        // for ever (KAFKA-14359, hit by HostileInputIT under a burst of dead letters). One request in flight
        // per connection keeps a batch from overtaking the one before it.
        if (StreamsConfig.EXACTLY_ONCE_V2.equals(kafka.processingGuarantee())) {
            p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), 1);
        }
        p.putAll(kafka.properties());
        return p;
    }

    private static String advertisedHost(TradeosConfig config) {
        String bind = config.http().bind();
        return bind.equals("0.0.0.0") ? config.http().advertisedHost() : bind;
    }
}
