package tech.tradeos.execution.executor;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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
import tech.tradeos.execution.executor.journal.PostgresSendJournal;
import tech.tradeos.execution.executor.journal.SendJournal;
import tech.tradeos.execution.executor.venue.VenueAdapter;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.Mode;
import tech.tradeos.execution.model.OrderState;
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
 * (scale out, or keep a standby, by adding instances; partitions are shared), each polled batch of LIVE orders
 * executed concurrently on the stage's own threads ({@link OrderExecution}), the results published —
 * {@code execution.orders.updates} and {@code execution.fills}, acknowledged by the brokers — recorded in the
 * {@link SendJournal}, and only then the batch's offsets committed.
 * <p>Send once: an order is claimed in the journal and its NEW update published before its request leaves; an order
 * the journal knows is only ever looked up. Nothing waits for ever: each order's run has a deadline
 * ({@code executor.order-deadline-ms}); an order whose outcome is not known by then is published UNKNOWN and
 * committed, so the partition goes on, and the resolver looks every UNKNOWN order up again every
 * {@code executor.resolve-interval-ms} until it is final. Only a journal that cannot be reached stops a partition
 * (nothing is sent without it). The operator's halts and venue switches on {@code execution.control} apply before
 * anything is sent. At start, and on {@code POST /reconcile}, the ledger's positions are compared with the venue's
 * ({@link Reconciliation}); the perp venues' funding history is read and published ({@link FundingHistory}).
 */
public final class ExecutionStage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionStage.class);
    private static final Duration RETRY = Duration.ofSeconds(2);
    /** How long a cancelled order run may take to stop before its worker counts as stuck. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(2);
    static final Duration RECONCILE_EVERY = Duration.ofMinutes(1);

    private final TradeosConfig config;
    private final Topics topics;
    private final Map<String, VenueAdapter> adapters;
    private final SendJournal journal;
    private final ControlWatch control;
    private final OrderExecution execution;
    private final Reconciliation reconciliation;
    private final FundingHistory fundingHistory;
    private final ScheduledExecutorService background = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "executor-background");
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
    private final String instance;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicInteger stuckWorkers = new AtomicInteger();
    private volatile String lastError = "";
    private volatile Instant lastBatchAt;
    private volatile int unknownOrders;
    private volatile boolean journalReachable = true;

    public ExecutionStage(TradeosConfig config, PositionLedger ledger) throws IOException {
        this(config, LiveVenues.from(config), ledger, new PostgresSendJournal(config.postgres()));
    }

    public ExecutionStage(TradeosConfig config, Map<String, VenueAdapter> adapters, PositionLedger ledger, SendJournal journal)
            throws IOException {
        this.config = config;
        this.topics = Topics.from(config);
        this.adapters = adapters;
        this.journal = journal;
        this.instance = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.reconciliation = new Reconciliation(config, adapters, ledger);
        this.control = new ControlWatch(config);
        this.execution = new OrderExecution(config.executor(), adapters, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()),
                reconciliation::holds, journal, control::state, instance);
        Properties c = KafkaClients.consumer(config, config.executor().groupId());
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 64);
        // a standby takes a killed executor's partitions after the session timeout: 10 s, not the client's 45 s
        // (positions.reconcile-timeout-ms, 30 s, is sized from it; docs/README.md §Live execution)
        c.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        c.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        producer = new KafkaProducer<>(KafkaClients.producer(config), new ByteArraySerializer(), new ByteArraySerializer());
        fundingHistory = new FundingHistory(config, adapters, producer, topics.fundingPayments(), Clock.systemUTC());
        workers = Executors.newFixedThreadPool(16, r -> new Thread(r, "executor-venue-io"));
        venueLatency = Timer.builder("tradeos.executor.order.latency").description("routed order read → final state known")
                .publishPercentiles(0.5, 0.99).register(registry);
        registry.counter("tradeos.executor.answers.unusable");
        registry.counter("tradeos.dlq.records", "topic", topics.ordersRoutedIn().name());
        http = new OpsHttp("executor", config.http().bind(), config.executor().httpPort(), 4)
                .get("/health", r -> {
                    Map<String, Object> h = health();
                    return OpsHttp.Reply.json(Boolean.TRUE.equals(h.get("ready")) ? 200 : 503, h);
                })
                .get("/metrics", r -> OpsHttp.Reply.text(200, "text/plain; version=0.0.4", registry.scrape()))
                .get("/reconcile", r -> OpsHttp.Reply.json(200, reconciliation.last()))
                .post("/reconcile", r -> OpsHttp.Reply.json(200, reconciliation.run()))
                .get("/orders/unknown", r -> OpsHttp.Reply.json(200, journal.unresolved(Instant.now(), 500).stream()
                        .filter(e -> e.state().equals(OrderState.UNKNOWN.name())).toList()))
                .post("/orders/resolve", this::resolveByHand)
                .access(OpsAccess.from(config.http(), config.http().port()));
        loop = new Thread(this::run, "executor-loop");
    }

    public ExecutionStage start() {
        Gauge.builder("tradeos.executor.reconcile.mismatches", reconciliation, rec -> rec.last().mismatches().size())
                .description("instruments whose ledger position is not the venue's").register(registry);
        Gauge.builder("tradeos.executor.orders.unknown", this, s -> s.unknownOrders)
                .description("orders that may be at a venue and are not found yet (UNKNOWN)").register(registry);
        Gauge.builder("tradeos.executor.workers.stuck", stuckWorkers, AtomicInteger::get)
                .description("order runs that did not stop when their deadline cancelled them").register(registry);
        control.start();
        http.start();
        loop.start();
        // at start, then every minute: a mismatch seen twice in a row holds its instrument (policy hold)
        background.scheduleWithFixedDelay(this::reconcile, 0, RECONCILE_EVERY.toSeconds(), TimeUnit.SECONDS);
        background.scheduleWithFixedDelay(this::resolveUnknown, config.executor().resolveIntervalMs(),
                config.executor().resolveIntervalMs(), TimeUnit.MILLISECONDS);
        if (!fundingHistory.venues().isEmpty()) {
            background.scheduleWithFixedDelay(fundingHistory::poll, 0, config.executor().fundingPollSeconds(), TimeUnit.SECONDS);
        }
        LOG.info("executor {} started: group {}, venues {}, ops HTTP port {}", instance, config.executor().groupId(),
                adapters.keySet(), http.port());
        return this;
    }

    Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        boolean alive = loop.isAlive();
        h.put("running", alive);
        h.put("ready", alive && control.caughtUp() && stuckWorkers.get() == 0 && journalReachable);
        h.put("instance", instance);
        h.put("venues", adapters.keySet());
        h.put("operatorInstructionsRead", control.caughtUp());
        h.put("journalReachable", journalReachable);
        h.put("stuckWorkers", stuckWorkers.get());
        h.put("lastBatchAt", lastBatchAt == null ? "" : lastBatchAt.toString());
        h.put("ordersUnknown", unknownOrders);
        h.put("lastError", lastError);
        h.put("fundingPaymentsPublished", fundingHistory.published());
        return h;
    }

    /**
     * The consumer loop, supervised: whatever ends an iteration (a commit refused in a rebalance, a broker away) is
     * logged and the loop subscribes again; orders not committed are read again, and the journal tells which of them
     * may have been sent. Nothing is sent before the operator's instructions have been read once.
     */
    private void run() {
        try {
            while (running.get() && !control.awaitCaughtUp(Duration.ofSeconds(1))) {
                LOG.info("executor: waiting for the operator's instructions on {} before sending anything", topics.control().name());
            }
            while (running.get()) {
                try {
                    consumer.subscribe(List.of(topics.ordersRoutedIn().name()));
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
                    consumer.unsubscribe();
                    pause(RETRY);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
            stopped.countDown();
        }
    }

    /** One order's run on a worker; {@code done} counts down when the run has ended, however it ended. */
    private record Work(ConsumerRecord<byte[], byte[]> record, RoutedOrder order, Future<OrderExecution.Result> result,
                        CountDownLatch done, long startNanos) {
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
            CountDownLatch done = new CountDownLatch(1);
            Future<OrderExecution.Result> result = workers.submit(() -> {
                try {
                    return execution.execute(order, this::announce);
                } finally {
                    done.countDown();
                }
            });
            batch.add(new Work(r, order, result, done, System.nanoTime()));
        }
        Map<TopicPartition, Long> retryFrom = new HashMap<>();
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.executor().orderDeadlineMs());
        for (Work w : batch) {
            TopicPartition tp = new TopicPartition(w.record().topic(), w.record().partition());
            OrderExecution.Result result = await(w, deadlineNanos);
            if (result == null) {
                retryFrom.merge(tp, w.record().offset(), Math::min);
                continue;
            }
            try {
                publish(w.order(), result);
                venueLatency.record(System.nanoTime() - w.startNanos(), TimeUnit.NANOSECONDS);
            } catch (RuntimeException | ExecutionException | TimeoutException e) {
                lastError = Redaction.message(e);
                LOG.warn("order {}: its outcome could not be published or journaled ({}); reading it again in {}",
                        w.order().orderId(), lastError, RETRY);
                retryFrom.merge(tp, w.record().offset(), Math::min);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
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
        lastBatchAt = Instant.now();
        if (!retryFrom.isEmpty()) {
            // orders read again are settled (nothing published twice) or journaled (looked up, never sent again)
            retryFrom.forEach(consumer::seek);
            pause(RETRY);
        }
    }

    /**
     * The run's result, waiting at most until the batch's deadline; a run still going then is cancelled and, once it
     * has stopped, its order is UNKNOWN if the journal says it may have been sent and REJECTED if it was never
     * claimed. Null: the order is read again (the journal could not be reached, or the run would not stop).
     */
    private OrderExecution.Result await(Work w, long deadlineNanos) {
        try {
            OrderExecution.Result r = w.result().get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            journalReachable = true;
            return r;
        } catch (TimeoutException late) {
            w.result().cancel(true);
            try {
                if (!w.done().await(CANCEL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    stuckWorkers.incrementAndGet();
                    LOG.error("order {}: its run did not stop {} after its deadline cancelled it; reading it again",
                            w.order().orderId(), CANCEL_GRACE);
                    background.execute(() -> {
                        awaitQuietly(w.done());
                        stuckWorkers.decrementAndGet();
                    });
                    return null;
                }
                return afterDeadline(w.order());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (RuntimeException journalDown) {
                journalReachable = false;
                lastError = Redaction.message(journalDown);
                return null;
            }
        } catch (ExecutionException e) {
            // only the journal throws out of a run: without it nothing is sent, so the order waits
            journalReachable = false;
            lastError = Redaction.message(e.getCause());
            LOG.warn("order {}: the send journal could not be used ({}); nothing sent, reading it again in {}",
                    w.order().orderId(), lastError, RETRY);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private OrderExecution.Result afterDeadline(RoutedOrder order) {
        String after = "its run passed executor.order-deadline-ms (" + config.executor().orderDeadlineMs() + " ms)";
        SendJournal.Entry entry = journal.get(order.orderId()).orElse(null);
        if (entry == null) {
            return new OrderExecution.Result(List.of(update(order, null, OrderState.REJECTED, "not sent: " + after)), List.of(),
                    null, after, false);
        }
        if (entry.settled()) {
            return OrderExecution.Result.nothing();
        }
        String reason = "may be at " + order.venue() + ": " + after + "; looked up again every " + config.executor().resolveIntervalMs() + " ms";
        return new OrderExecution.Result(List.of(update(order, entry.clientOrderId(), OrderState.UNKNOWN, reason)), List.of(),
                OrderState.UNKNOWN, reason, false);
    }

    private OrderUpdate update(RoutedOrder order, String cid, OrderState state, String reason) {
        return new OrderUpdate(order.orderId(), order.intentId(), order.instrument(), order.venue(),
                cid != null ? cid : order.orderId(), null, state, order.quantity(), java.math.BigDecimal.ZERO, null,
                java.math.BigDecimal.ZERO, reason, Instant.now());
    }

    /** Publishes the NEW update of an order about to be sent and waits for the brokers' acknowledgement. */
    private void announce(OrderUpdate update) throws ExecutionException, InterruptedException, TimeoutException {
        producer.send(updateRecord(update)).get(10, TimeUnit.SECONDS);
        registry.counter("tradeos.executor.order.updates", "venue", update.venue(), "state", update.state().name()).increment();
    }

    /** Publishes a run's updates and fills, waits for the acknowledgements, then records the outcome in the journal. */
    private void publish(RoutedOrder order, OrderExecution.Result result) throws ExecutionException, InterruptedException, TimeoutException {
        List<Future<?>> acks = new ArrayList<>();
        for (OrderUpdate u : result.updates()) {
            acks.add(producer.send(updateRecord(u)));
            registry.counter("tradeos.executor.order.updates", "venue", u.venue(), "state", u.state().name()).increment();
        }
        for (Fill f : result.fills()) {
            acks.add(producer.send(new ProducerRecord<>(topics.fills().name(), utf8(f.orderId()),
                    topics.fills().valueSerde().serializer().serialize(topics.fills().name(), f))));
            registry.counter("tradeos.executor.fills", "venue", f.venue()).increment();
        }
        for (Future<?> ack : acks) {
            ack.get(30, TimeUnit.SECONDS); // acknowledged before the outcome is journaled and the offset committed
        }
        if (result.unusable()) {
            registry.counter("tradeos.executor.answers.unusable").increment();
            LOG.error("order {} at {}: {}", order.orderId(), order.venue(), result.reason());
        }
        if (result.journalState() != null) {
            journal.settle(order.orderId(), result.journalState(), result.reason());
            if (result.journalState() == OrderState.UNKNOWN) {
                LOG.warn("order {} at {} is UNKNOWN: {}", order.orderId(), order.venue(), result.reason());
            }
        }
    }

    private ProducerRecord<byte[], byte[]> updateRecord(OrderUpdate u) {
        return new ProducerRecord<>(topics.ordersUpdates().name(), utf8(u.orderId()),
                topics.ordersUpdates().valueSerde().serializer().serialize(topics.ordersUpdates().name(), u));
    }

    /**
     * Every UNKNOWN order (and any SENT one whose run ended without an outcome, e.g. a crash whose offset was
     * committed by a reset), looked up again: published once found or once its absence is certain. One resolver at a
     * time per order across executors (a lease in the journal).
     */
    private void resolveUnknown() {
        try {
            Instant orphanedBefore = Instant.now().minusMillis(3 * config.executor().orderDeadlineMs());
            List<SendJournal.Entry> open = journal.unresolved(orphanedBefore, 200);
            int stillUnknown = 0;
            for (SendJournal.Entry entry : open) {
                if (!running.get()) {
                    return;
                }
                if (!journal.lease(entry.orderId(), instance, Duration.ofMillis(config.executor().orderDeadlineMs()))) {
                    stillUnknown++;
                    continue;
                }
                OrderExecution.Result result = execution.resolve(entry);
                RoutedOrder order = Json.read(entry.orderJson(), RoutedOrder.class);
                publish(order, result);
                if (result.journalState() == OrderState.UNKNOWN) {
                    stillUnknown++;
                } else {
                    LOG.info("order {} at {} resolved: {} ({})", entry.orderId(), entry.venue(), result.journalState(), result.reason());
                }
            }
            unknownOrders = stillUnknown;
            journalReachable = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            lastError = Redaction.message(e);
            LOG.warn("resolving UNKNOWN orders failed: {}", lastError);
        }
    }

    /**
     * {@code POST /orders/resolve} {@code {"orderId", "by", "reason"}}: an operator who has checked at the venue that an
     * UNKNOWN order did not execute closes it REJECTED, naming who and why (audited in the log, the update and the
     * journal). An order that executed is not resolved by hand: reconciliation shows its position (docs/README.md).
     */
    private OpsHttp.Reply resolveByHand(OpsHttp.Request r) throws Exception {
        JsonNode body = Json.tree(new String(r.body(), StandardCharsets.UTF_8));
        String orderId = body.path("orderId").asText("");
        String by = body.path("by").asText("");
        String reason = body.path("reason").asText("");
        if (orderId.isBlank() || by.isBlank() || reason.isBlank()) {
            return OpsHttp.Reply.error(400, "orderId, by and reason are required");
        }
        SendJournal.Entry entry = journal.get(orderId).orElse(null);
        if (entry == null || !entry.state().equals(OrderState.UNKNOWN.name())) {
            // a SENT order is still being run by an executor: only an UNKNOWN one is the operator's to close
            return OpsHttp.Reply.error(409, "order " + orderId + (entry == null ? " is not in the send journal" : " is " + entry.state()
                    + ", not UNKNOWN"));
        }
        RoutedOrder order = Json.read(entry.orderJson(), RoutedOrder.class);
        String text = "resolved by hand by " + by + ": " + reason + " (nothing executed at " + order.venue() + ")";
        producer.send(updateRecord(update(order, entry.clientOrderId(), OrderState.REJECTED, text))).get(30, TimeUnit.SECONDS);
        journal.resolveByHand(orderId, OrderState.REJECTED, by, text);
        LOG.warn("order {} at {} {}", orderId, order.venue(), text);
        return OpsHttp.Reply.json(200, Map.of("orderId", orderId, "state", "REJECTED", "reason", text));
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

    private static void awaitQuietly(CountDownLatch done) {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis()); // back-off before reading orders whose journal was unreachable again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        background.shutdownNow();
        running.set(false);
        consumer.wakeup();
        try {
            stopped.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        control.close();
        http.close();
        producer.close(Duration.ofSeconds(5));
        adapters.values().forEach(VenueAdapter::close);
        journal.close();
        registry.close();
    }
}
