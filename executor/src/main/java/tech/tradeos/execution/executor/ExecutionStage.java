package tech.tradeos.execution.executor;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.executor.venue.VenueAdapter;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.Mode;
import tech.tradeos.execution.model.OrderUpdate;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.config.Redaction;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.position.PositionLedger;
import tech.tradeos.execution.model.topic.DeadLetters;
import tech.tradeos.execution.model.topic.KafkaClients;
import tech.tradeos.execution.model.topic.Topics;
import tech.tradeos.execution.ops.OpsAccess;
import tech.tradeos.execution.ops.OpsHttp;

/**
 * {@code tradeos executor}: the live execution stage. A consumer group on {@code execution.orders.routed}
 * (scale out by adding instances; partitions are shared), each polled batch of LIVE orders executed
 * concurrently on the stage's own threads ({@link OrderExecution}), the results published —
 * {@code execution.orders.updates} and {@code execution.fills}, acknowledged by the brokers — and only then
 * the batch's offsets committed. Nothing is lost to a crash: an uncommitted order is read again, and every
 * order read again after a restart or a rebalance (its offset below the partition's end when it was
 * assigned) is looked up at the venue by its client id before it could be sent, so it is never sent twice.
 * An order whose outcome cannot be learned (the venue does not answer) is retried, asking first, and its
 * partition goes no further until it is known. At start, and on {@code POST /reconcile}, the ledger's positions
 * are compared with the venue's ({@link Reconciliation}); the perp venues' funding history is read and published
 * ({@link FundingHistory}).
 */
public final class ExecutionStage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionStage.class);
    private static final Duration RETRY = Duration.ofSeconds(2);
    static final Duration RECONCILE_EVERY = Duration.ofMinutes(1);

    private final TradeosConfig config;
    private final Topics topics;
    private final Map<String, VenueAdapter> adapters;
    private final OrderExecution execution;
    private final Reconciliation reconciliation;
    private final FundingHistory fundingHistory;
    private final java.util.concurrent.ScheduledExecutorService reconciler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "executor-reconcile");
        t.setDaemon(true);
        return t;
    });
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ExecutorService workers;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer venueLatency;
    private final OpsHttp http;
    private final Thread loop;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Per partition: offsets below this were possibly handled by an earlier owner, so the venue is asked first. */
    private final Map<TopicPartition, Long> askFirstBelow = new ConcurrentHashMap<>();
    private volatile String lastError = "";
    private volatile Instant lastBatchAt;
    private volatile int unknown;

    public ExecutionStage(TradeosConfig config, PositionLedger ledger) throws IOException {
        this(config, LiveVenues.from(config), ledger);
    }

    public ExecutionStage(TradeosConfig config, Map<String, VenueAdapter> adapters, PositionLedger ledger) throws IOException {
        this.config = config;
        this.topics = Topics.from(config);
        this.adapters = adapters;
        this.reconciliation = new Reconciliation(config, adapters, ledger);
        this.execution = new OrderExecution(config.executor(), adapters, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()),
                reconciliation::holds);
        Properties c = KafkaClients.consumer(config, config.executor().groupId());
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 64);
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        producer = new KafkaProducer<>(KafkaClients.producer(config), new ByteArraySerializer(), new ByteArraySerializer());
        fundingHistory = new FundingHistory(config, adapters, producer, topics.fundingPayments(), Clock.systemUTC());
        workers = Executors.newFixedThreadPool(16, r -> new Thread(r, "executor-venue-io"));
        venueLatency = Timer.builder("tradeos.executor.order.latency").description("routed order read → final state known")
                .publishPercentiles(0.5, 0.99).register(registry);
        http = new OpsHttp("executor", config.http().bind(), config.executor().httpPort(), 2)
                .get("/health", r -> {
                    Map<String, Object> h = health();
                    return OpsHttp.Reply.json(Boolean.TRUE.equals(h.get("running")) ? 200 : 503, h);
                })
                .get("/metrics", r -> OpsHttp.Reply.text(200, "text/plain; version=0.0.4", registry.scrape()))
                .get("/reconcile", r -> OpsHttp.Reply.json(200, reconciliation.last()))
                .post("/reconcile", r -> OpsHttp.Reply.json(200, reconciliation.run()))
                .access(OpsAccess.from(config.http(), config.http().port()));
        loop = new Thread(this::run, "executor-loop");
    }

    public ExecutionStage start() {
        io.micrometer.core.instrument.Gauge.builder("tradeos.executor.reconcile.mismatches", reconciliation,
                rec -> rec.last().mismatches().size()).description("instruments whose ledger position is not the venue's")
                .register(registry);
        http.start();
        loop.start();
        // at start, then every minute: a mismatch seen twice in a row holds its instrument (policy hold)
        reconciler.scheduleWithFixedDelay(this::reconcile, 0, RECONCILE_EVERY.toSeconds(), TimeUnit.SECONDS);
        if (!fundingHistory.venues().isEmpty()) {
            reconciler.scheduleWithFixedDelay(fundingHistory::poll, 0, config.executor().fundingPollSeconds(), TimeUnit.SECONDS);
        }
        LOG.info("executor started: group {}, venues {}, ops HTTP port {}", config.executor().groupId(), adapters.keySet(), http.port());
        return this;
    }

    Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("running", loop.isAlive());
        h.put("venues", adapters.keySet());
        h.put("lastBatchAt", lastBatchAt == null ? "" : lastBatchAt.toString());
        h.put("ordersWithUnknownOutcome", unknown);
        h.put("lastError", lastError);
        h.put("fundingPaymentsPublished", fundingHistory.published());
        return h;
    }

    /**
     * The consumer loop, supervised: whatever ends an iteration (a commit refused in a rebalance, a broker
     * away) is logged and the loop subscribes again; orders not committed are read again and asked for first.
     */
    private void run() {
        try {
            while (running.get()) {
                try {
                    consumer.subscribe(List.of(topics.ordersRoutedIn().name()), new AskFirstAfterAssignment());
                    while (running.get()) {
                        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                        if (!records.isEmpty()) {
                            handle(records);
                        }
                    }
                } catch (WakeupException stopping) {
                    // close() asked
                } catch (RuntimeException e) {
                    lastError = Redaction.message(e);
                    registry.counter("tradeos.executor.loop.restarts").increment();
                    LOG.error("the executor's loop failed; subscribing again in {}", RETRY, e);
                    consumer.unsubscribe(); // the next assignment asks the venue about everything not committed
                    pause(RETRY);
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
            stopped.countDown();
        }
    }

    private record Work(ConsumerRecord<byte[], byte[]> record, RoutedOrder order, Future<OrderExecution.Result> result, long startNanos) {
    }

    private void handle(ConsumerRecords<byte[], byte[]> records) {
        List<Work> batch = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            RoutedOrder order;
            try {
                order = Json.read(r.value(), RoutedOrder.class);
            } catch (IOException | RuntimeException unreadable) {
                deadLetter(r, unreadable);
                continue;
            }
            if (order.mode() != Mode.LIVE) {
                continue; // PAPER orders are filled by the router
            }
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            boolean askFirst = r.offset() < askFirstBelow.getOrDefault(tp, 0L);
            long start = System.nanoTime();
            batch.add(new Work(r, order, workers.submit(() -> execution.execute(order, askFirst)), start));
        }
        Map<TopicPartition, Long> retryFrom = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        int unknownNow = 0;
        for (Work w : batch) {
            TopicPartition tp = new TopicPartition(w.record().topic(), w.record().partition());
            if (retryFrom.containsKey(tp)) {
                // an earlier order of this partition is unresolved: this one is read again after it, asking the venue
                // first — but only once its own run has ended, or the two could both send it
                awaitQuietly(w.result());
                continue;
            }
            try {
                OrderExecution.Result result = w.result().get();
                publish(result);
                venueLatency.record(System.nanoTime() - w.startNanos(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                unknownNow++;
                lastError = Redaction.message(e.getCause());
                LOG.warn("order {}: outcome unknown ({}); asking the venue again in {}", w.order().orderId(), lastError, RETRY);
                retryFrom.put(tp, w.record().offset());
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        producer.flush();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            Long from = retryFrom.get(tp);
            if (from == null || r.offset() < from) {
                commit.merge(tp, new OffsetAndMetadata(r.offset() + 1), (a, b) -> a.offset() >= b.offset() ? a : b);
            }
        }
        if (!commit.isEmpty()) {
            consumer.commitSync(commit);
        }
        unknown = unknownNow;
        lastBatchAt = Instant.now();
        if (!retryFrom.isEmpty()) {
            retryFrom.forEach((tp, offset) -> {
                // everything from the unresolved order on may have been sent: ask first when it comes back
                long end = records.records(tp).get(records.records(tp).size() - 1).offset() + 1;
                askFirstBelow.merge(tp, end, Math::max);
                consumer.seek(tp, offset);
            });
            pause(RETRY);
        }
    }

    private static void awaitQuietly(Future<?> running) {
        try {
            running.get();
        } catch (ExecutionException ignored) {
            // its outcome is learned again from the venue when the order is read again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void publish(OrderExecution.Result result) throws ExecutionException, InterruptedException {
        List<Future<?>> acks = new ArrayList<>();
        for (OrderUpdate u : result.updates()) {
            acks.add(producer.send(new ProducerRecord<>(topics.ordersUpdates().name(), utf8(u.orderId()),
                    topics.ordersUpdates().valueSerde().serializer().serialize(topics.ordersUpdates().name(), u))));
            registry.counter("tradeos.executor.order.updates", "venue", u.venue(), "state", u.state().name()).increment();
        }
        for (Fill f : result.fills()) {
            acks.add(producer.send(new ProducerRecord<>(topics.fills().name(), utf8(f.orderId()),
                    topics.fills().valueSerde().serializer().serialize(topics.fills().name(), f))));
            registry.counter("tradeos.executor.fills", "venue", f.venue()).increment();
        }
        for (Future<?> ack : acks) {
            ack.get(); // acknowledged before the order's offset is committed
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> r, Exception reason) {
        String message = Json.describe(reason);
        LOG.warn("dead-lettering {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), message);
        try {
            producer.send(new ProducerRecord<>(topics.dlq().name(), null, r.key(), r.value(), DeadLetters.headers(r.headers(),
                    reason.getClass().getName(), message, r.topic(), r.partition(), r.offset()))).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not dead-letter " + r.topic() + "-" + r.partition() + "@" + r.offset(), e);
        }
        registry.counter("tradeos.dlq.records", "topic", r.topic()).increment();
    }

    private void reconcile() {
        try {
            reconciliation.run();
        } catch (RuntimeException e) {
            LOG.warn("reconciliation failed: {}", Redaction.message(e));
        }
    }

    private void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis()); // back-off before asking a venue that did not answer again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A partition taken over: every order already in it may have been handled by its last owner. */
    private final class AskFirstAfterAssignment implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            consumer.endOffsets(partitions).forEach((tp, end) -> askFirstBelow.put(tp, end));
            LOG.info("executor assigned {}", partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(askFirstBelow::remove);
        }
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        reconciler.shutdownNow();
        running.set(false);
        consumer.wakeup();
        try {
            stopped.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        http.close();
        producer.close(Duration.ofSeconds(5));
        adapters.values().forEach(VenueAdapter::close);
        registry.close();
    }
}
