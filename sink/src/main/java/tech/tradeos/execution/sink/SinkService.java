package tech.tradeos.execution.sink;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.FundingPayment;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.Market;
import tech.tradeos.execution.model.OrderUpdate;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.Redaction;
import tech.tradeos.execution.model.config.StartBanner;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.config.VenueConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.tca.TcaUpdate;
import tech.tradeos.execution.model.topic.DeadLetters;
import tech.tradeos.execution.model.topic.KafkaClients;
import tech.tradeos.execution.model.topic.StuckPartitionMonitor;
import tech.tradeos.execution.model.topic.Topics;

/**
 * The sink process: consumes {@code execution.fills}, {@code execution.orders.routed}, {@code execution.orders.updates}
 * and {@code marketdata.funding} (PAPER: to book funding settlements) or {@code execution.funding.payments} (LIVE: the
 * venues' funding payments); applies each
 * poll to PostgreSQL in one transaction with the offsets it consumed (it resumes from PostgreSQL's
 * offsets, not Kafka's, so a crash at any instant loses and doubles nothing), then updates the Redis
 * cache and publishes TCA. Unreadable records go to the DLQ with their reason.
 */
public final class SinkService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkService.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final TradeosConfig config;
    private final Database database;
    private final Ledger ledger;
    private final PositionCache cache;
    private final StuckPartitionMonitor stuck;
    private final PositionReader reader;
    private final TcaMonitor tca;
    private final Marks marks;
    private final Markouts markouts;
    private final Topics topics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TcaGauges tcaGauges = new TcaGauges(registry);
    private final SinkHttpServer http;
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** Set while the ledger refuses every write for a reason no record is at fault for; cleared by the next recorded batch. */
    private volatile String systemicFailure;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread loop;
    private final io.micrometer.core.instrument.Timer batchTimer;
    private volatile double lagSeconds;
    private volatile Instant lastBatchAt;
    private volatile String lastError;

    public SinkService(TradeosConfig config) throws IOException {
        this.config = config;
        this.database = new Database(config.postgres()).migrate(config.postgres());
        this.ledger = new Ledger(database.jdbi());
        this.cache = PositionCache.writer(config.redis(), () -> database.jdbi().withExtension(PositionDao.class, PositionDao::all));
        this.reader = new PositionReader(cache, database.jdbi());
        this.topics = Topics.from(config);
        this.marks = new Marks(config, topics.orderbook().name());
        this.tca = new TcaMonitor(database.jdbi(), config, Clock.systemUTC(), marks);
        this.markouts = new Markouts(database.jdbi(), marks, Clock.systemUTC());

        Properties c = KafkaClients.consumer(config, config.sink().groupId());
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.sink().maxBatch());
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Properties p = KafkaClients.producer(config);
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        stuck = new StuckPartitionMonitor(config, admin -> List.of(topics.fills().name(), topics.ordersRouted().name()));
        io.micrometer.core.instrument.Gauge.builder("tradeos.kafka.partitions.stuck", stuck, m -> m.stuck().size())
                .description("partitions the sink reads whose last stable offset has not moved for kafka.hanging-transaction-ms")
                .register(registry);
        tech.tradeos.execution.ops.JvmBinders.bindTo(registry);
        new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(consumer).bindTo(registry);
        new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(producer).bindTo(registry);
        batchTimer = io.micrometer.core.instrument.Timer.builder("tradeos.sink.batch")
                .description("one batch recorded: PostgreSQL transaction, cache and TCA").publishPercentileHistogram()
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("tradeos.sink.lag.seconds", this, s -> s.lagSeconds)
                .description("at the last batch, how long before it its newest record was written to Kafka").register(registry);
        for (String topic : List.of(topics.fillsIn().name(), topics.ordersRoutedIn().name(), topics.ordersUpdatesIn().name(),
                topics.fundingPaymentsIn().name())) {
            registry.counter("tradeos.dlq.records", "topic", topic); // at zero: an alert on its increase works at once
        }
        io.micrometer.core.instrument.Gauge.builder("tradeos.sink.systemic.failure", this, s -> s.systemicFailure == null ? 0 : 1)
                .description("1 while the ledger refuses every write (privilege, missing table, read-only): the sink records nothing")
                .register(registry);
        http = new SinkHttpServer(config, this);
        loop = new Thread(this::run, "sink-loop");
    }

    public SinkService start() {
        http.start();
        marks.start();
        publishCurrentTca();
        loop.start();
        stuck.start();
        LOG.info("sink started: group {}, ledger schema {}, ops HTTP port {}", config.sink().groupId(),
                config.postgres().schema(), http.port());
        return this;
    }

    public PositionReader reader() {
        return reader;
    }

    public TcaMonitor tca() {
        return tca;
    }

    public PositionCache cache() {
        return cache;
    }

    public Database database() {
        return database;
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    Map<String, Object> health() {
        Map<String, Object> h = new HashMap<>();
        h.put("running", loop.isAlive());
        h.put("lastBatchAt", lastBatchAt == null ? "" : lastBatchAt.toString());
        h.put("lastError", lastError == null ? "" : lastError);
        h.put("redisConnected", cache.connected());
        h.put("redisLoaded", cache.loaded());
        h.put("stuckPartitions", stuck.stuck());
        h.put("systemicFailure", systemicFailure == null ? "" : systemicFailure);
        return h;
    }

    /**
     * The consumer loop, supervised: whatever ends an iteration (a failed dead-letter send, PostgreSQL down
     * while partitions are assigned) is logged and the loop starts again from the ledger's offsets, so the
     * process never stays up with a dead loop. Nothing is lost: a batch counts only once PostgreSQL committed it.
     */
    private void run() {
        String fills = topics.fillsIn().name();
        String orders = topics.ordersRoutedIn().name();
        String updates = topics.ordersUpdatesIn().name();
        List<String> subscribed = new ArrayList<>(List.of(fills, orders, updates));
        if (booksFunding()) {
            subscribed.add(topics.funding().name());
        } else {
            subscribed.add(topics.fundingPaymentsIn().name()); // LIVE: what the venues booked, as the executor read it
        }
        try {
            while (running.get()) {
                try {
                    consumer.subscribe(subscribed, new ResumeFromLedger());
                    while (running.get()) {
                        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                        if (!records.isEmpty()) {
                            applyWithRetry(records, fills);
                        }
                    }
                } catch (WakeupException stopping) {
                    // close() woke the consumer
                } catch (RuntimeException e) {
                    lastError = Redaction.message(e);
                    LOG.error("sink loop failed; starting again from the ledger's offsets in {}", RETRY, e);
                    registry.counter("tradeos.sink.loop.restarts").increment();
                    consumer.unsubscribe(); // the next assignment seeks to the offsets PostgreSQL holds
                    pause();
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
            stopped.countDown();
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    /** The ledger's current TCA per signal type, published at start (the compacted topic then holds the truth). */
    private void publishCurrentTca() {
        try {
            List<TcaUpdate> current = tca.current();
            tcaGauges.update(tca.snapshot());
            for (TcaUpdate u : current) {
                producer.send(new ProducerRecord<>(topics.tca().name(), u.signalType().getBytes(StandardCharsets.UTF_8),
                        topics.tca().valueSerde().serializer().serialize(topics.tca().name(), u)), (meta, failed) -> {
                            if (failed != null) {
                                LOG.warn("TCA for {} not published ({}); the next fill's update supersedes it",
                                        u.signalType(), Redaction.message(failed));
                            }
                        });
            }
        } catch (RuntimeException e) {
            LOG.warn("TCA not republished at start: {}", Redaction.message(e));
        }
    }

    /**
     * PAPER books perp funding from the funding topic (docs/README.md §Funding); LIVE books what the venues booked on
     * the account, as the executor reads it from their history and publishes it on {@code execution.funding.payments}.
     */
    private boolean booksFunding() {
        return config.mode() == tech.tradeos.execution.model.Mode.PAPER;
    }

    /**
     * A funding record the ledger books from: a configured perp venue listing the instrument. Anything else is
     * skipped and counted, not dead-lettered: the router reads the same topic and dead-letters what is unreadable.
     */
    private FundingRate fundingOf(ConsumerRecord<byte[], byte[]> r) {
        try {
            FundingRate f = Json.read(r.value(), FundingRate.class);
            VenueConfig venue = config.venues().get(f.venue());
            if (venue != null && venue.market() == Market.PERP && venue.lists(f.instrument())) {
                return f;
            }
            registry.counter("tradeos.sink.funding.skipped", "reason", "not a configured perp").increment();
        } catch (IOException | RuntimeException unreadable) {
            registry.counter("tradeos.sink.funding.skipped", "reason", "unreadable").increment();
            LOG.debug("funding record {}-{}@{} skipped: {}", r.topic(), r.partition(), r.offset(), Json.describe(unreadable));
        }
        return null;
    }

    /** A consumed record and what it holds: a RoutedOrder or a Fill, or null when it was dead-lettered. */
    private record Read(ConsumerRecord<byte[], byte[]> record, Object value) {
    }

    private void applyWithRetry(ConsumerRecords<byte[], byte[]> records, String fillsTopic) {
        List<Read> batch = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (booksFunding() && r.topic().equals(topics.funding().name())) {
                batch.add(new Read(r, fundingOf(r)));
                continue;
            }
            Object value = null;
            try {
                value = r.topic().equals(fillsTopic) ? Json.read(r.value(), Fill.class)
                        : r.topic().equals(topics.fundingPaymentsIn().name()) ? Json.read(r.value(), FundingPayment.class)
                        : r.topic().equals(topics.ordersUpdatesIn().name()) ? Json.read(r.value(), OrderUpdate.class)
                        : Json.read(r.value(), RoutedOrder.class);
            } catch (IOException | RuntimeException unreadable) {
                deadLetter(r, unreadable);
            }
            batch.add(new Read(r, value));
        }
        while (running.get()) {
            try {
                record(batch);
                consumer.commitAsync(); // for lag monitoring only: the sink resumes from PostgreSQL's offsets
                return;
            } catch (RuntimeException e) {
                if (Failures.isSystemic(e)) {
                    systemic(e, batch.size());
                    continue;
                }
                if (!Failures.isTransient(e) && database.answers()) {
                    LOG.warn("a batch of {} records cannot be recorded ({}); recording them one by one", batch.size(),
                            Redaction.message(e));
                    recordOneByOne(batch);
                    consumer.commitAsync();
                    return;
                }
                backOff(e, batch.size());
            }
        }
    }

    /**
     * A batch that fails for a reason other than an unreachable database: each record in order, in a
     * transaction of its own; a record that can never be written is dead-lettered with the reason and its
     * offset committed past, so one record never stops the ledger.
     */
    private void recordOneByOne(List<Read> batch) {
        for (Read read : batch) {
            while (running.get()) {
                try {
                    record(List.of(read));
                    break;
                } catch (RuntimeException e) {
                    if (Failures.isSystemic(e)) {
                        systemic(e, 1);
                        continue;
                    }
                    if (Failures.isTransient(e) || !database.answers()) {
                        backOff(e, 1);
                        continue;
                    }
                    deadLetter(read.record(), e);
                    record(List.of(new Read(read.record(), null))); // only its offset
                    break;
                }
            }
        }
    }

    /** One transaction: the batch's orders, fills and live order updates with the offsets after them; then cache and TCA. */
    private void record(List<Read> batch) {
        long started = System.nanoTime();
        recordTimed(batch);
        if (systemicFailure != null) {
            LOG.info("the ledger takes writes again (was: {})", systemicFailure);
            systemicFailure = null;
        }
        batchTimer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        long newest = batch.stream().mapToLong(r -> r.record().timestamp()).max().orElse(System.currentTimeMillis());
        lagSeconds = Math.max(0, System.currentTimeMillis() - newest) / 1000.0;
    }

    private void recordTimed(List<Read> batch) {
        List<RoutedOrder> orders = new ArrayList<>();
        List<Fill> fills = new ArrayList<>();
        List<OrderUpdate> updates = new ArrayList<>();
        List<FundingRate> funding = new ArrayList<>();
        List<FundingPayment> reported = new ArrayList<>();
        Map<TopicPartition, Long> next = new HashMap<>();
        for (Read read : batch) {
            ConsumerRecord<byte[], byte[]> r = read.record();
            next.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
            if (read.value() instanceof Fill fill) {
                fills.add(fill);
            } else if (read.value() instanceof RoutedOrder order) {
                orders.add(order);
            } else if (read.value() instanceof OrderUpdate update) {
                updates.add(update);
            } else if (read.value() instanceof FundingRate rate) {
                funding.add(rate);
            } else if (read.value() instanceof FundingPayment payment) {
                reported.add(payment);
            }
        }
        List<OffsetDao.OffsetRow> offsets = next.entrySet().stream()
                .map(e -> new OffsetDao.OffsetRow(config.sink().groupId(), e.getKey().topic(), e.getKey().partition(), e.getValue()))
                .toList();
        Ledger.Applied applied = ledger.apply(orders, fills, updates, funding, reported, offsets);
        lastBatchAt = Instant.now();
        lastError = null;
        registry.counter("tradeos.sink.fills.recorded").increment(applied.newFills().size());
        registry.counter("tradeos.sink.fills.duplicate").increment(fills.size() - applied.newFills().size());
        registry.counter("tradeos.sink.orders.seen").increment(orders.size());
        registry.counter("tradeos.sink.funding.payments").increment(applied.fundingPayments().size());
        cache.write(applied.positions());
        markouts.onFills(applied.newFills());
        if (!applied.newFills().isEmpty()) {
            for (TcaUpdate u : tca.onFills(applied.newFills())) {
                producer.send(new ProducerRecord<>(topics.tca().name(), u.signalType().getBytes(StandardCharsets.UTF_8),
                        topics.tca().valueSerde().serializer().serialize(topics.tca().name(), u)));
            }
            tcaGauges.update(tca.snapshot());
        } else if (!orders.isEmpty() || !applied.fundingPayments().isEmpty()) {
            tcaGauges.update(tca.refresh()); // new orders bring savings figures before their fills; payments move equity
        }
    }

    /**
     * A failure no record is at fault for (a revoked privilege, a missing table, a read-only database): the batch
     * stops — nothing is dead-lettered, nothing committed past — {@code /health/ready} answers 503 and the
     * {@code tradeos.sink.systemic.failure} gauge is 1 until a batch is recorded again.
     */
    private void systemic(RuntimeException e, int records) {
        String reason = Redaction.message(e);
        if (systemicFailure == null) {
            LOG.error("the ledger refuses every write ({}): the sink stops recording, dead-letters nothing and retries every {}"
                    + " until it is fixed (/health/ready 503, tradeos.sink.systemic.failure 1)", reason, RETRY);
        }
        systemicFailure = reason;
        lastError = reason;
        registry.counter("tradeos.sink.batch.retries").increment();
        LOG.debug("batch of {} records stopped: {}", records, reason);
        pause();
    }

    /** Why the ledger refuses every write, while it does (null: it does not). */
    String systemicFailure() {
        return systemicFailure;
    }

    private void backOff(RuntimeException e, int records) {
        lastError = Redaction.message(e);
        // the transaction may have committed with only its acknowledgement lost: its positions never reached Redis
        cache.doubt("a ledger write failed with its outcome unknown");
        LOG.warn("could not record a batch of {} records ({}); retrying in {}", records, lastError, RETRY);
        registry.counter("tradeos.sink.batch.retries").increment();
        pause(); // back-off while PostgreSQL is unreachable
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> r, Exception reason) {
        String message = Json.describe(reason);
        LOG.warn("dead-lettering {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), message);
        ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(topics.dlq().name(), null, r.key(), r.value(),
                DeadLetters.headers(r.headers(), reason.getClass().getName(), message, r.topic(), r.partition(), r.offset()));
        try {
            producer.send(dead).get(30, java.util.concurrent.TimeUnit.SECONDS); // at least once: before the batch commits
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not dead-letter " + r.topic() + "-" + r.partition() + "@" + r.offset()
                    + "; the batch is read again", e);
        }
        registry.counter("tradeos.dlq.records", "topic", r.topic()).increment();
    }

    /** On assignment, each partition resumes where the ledger says it stopped. */
    private final class ResumeFromLedger implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                Long offset = database.jdbi().withExtension(OffsetDao.class,
                        d -> d.next(config.sink().groupId(), tp.topic(), tp.partition())).orElse(null);
                if (offset != null) {
                    consumer.seek(tp, offset);
                } else {
                    consumer.seekToBeginning(List.of(tp));
                }
            }
            LOG.info("sink assigned {}", partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // every polled batch is committed to PostgreSQL before the next poll: nothing is in flight
        }
    }

    @Override
    public void close() {
        stuck.close();
        running.set(false);
        consumer.wakeup();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
        markouts.close();
        marks.close();
        producer.close(Duration.ofSeconds(5));
        cache.close();
        database.close();
        registry.close();
    }

    /** The sink's start banner: version, config, brokers, ledger and cache (redacted), ports. */
    public static String banner(TradeosConfig config, Path configFile) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("group", config.sink().groupId());
        details.put("ledger", config.postgres().url() + " schema " + config.postgres().schema());
        details.put("redis", config.redis().uri());
        details.put("http", config.http().bind() + ":" + config.sink().httpPort());
        return StartBanner.line("sink", configFile, config, details);
    }

    public static void runUntilShutdown(TradeosConfig config, Path configFile) throws IOException, InterruptedException {
        LOG.info(banner(config, configFile));
        SinkService sink = new SinkService(config);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down the sink");
            sink.close();
            done.countDown();
        }, "sink-shutdown"));
        sink.start();
        done.await();
    }

    /** {@code SinkService [config.yaml]}: the process entry the launcher and the crash tests use. */
    public static void main(String[] args) throws Exception {
        Path file = args.length > 0 ? Path.of(args[0]) : null;
        runUntilShutdown(ConfigLoader.load(file, System.getenv()), file);
    }
}
