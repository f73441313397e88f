package tech.tradeos.execution.topology.processor;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.RejectReason;
import tech.tradeos.execution.model.Rejection;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.position.ClosePolicy;
import tech.tradeos.execution.model.position.Position;
import tech.tradeos.execution.model.position.PositionGate;
import tech.tradeos.execution.model.position.PositionLedger;
import tech.tradeos.execution.model.position.RouterPositions;
import tech.tradeos.execution.model.routing.InstrumentMarket;
import tech.tradeos.execution.model.routing.RoutingOutcome;
import tech.tradeos.execution.model.routing.SmartOrderRouter;
import tech.tradeos.execution.topology.metrics.RouterMetrics;
import tech.tradeos.execution.topology.state.HeldIntents;
import tech.tradeos.execution.topology.state.MarketState;
import tech.tradeos.execution.topology.state.RouterStores;
import tech.tradeos.execution.topology.state.RoutingRecord;
import tech.tradeos.execution.topology.state.VenueMarket;

/**
 * The Smart Order Router as a stream processor, one instrument per key:
 * <ul>
 *   <li>market data updates its venue's {@link VenueMarket} (newest wins) and the prepared market kept in memory;</li>
 *   <li>a fill on {@code execution.fills} confirms the order it fills in the router's {@link RouterPositions};</li>
 *   <li>an intent is routed once — a replayed intentId produces nothing — against the market and, for a
 *       CLOSE, the venue holding the position; in PAPER mode the {@link PaperFiller} fills it at once.</li>
 * </ul>
 * While an instrument has an order without a confirmed fill, or its positions cannot be read, its
 * intents wait in order in the held store; a wall-clock punctuation re-checks them, routes them once
 * the position is confirmed, and rejects them with RECONCILE_TIMEOUT after {@code positions.reconcile-timeout-ms}.
 */
public final class SorProcessor implements Processor<String, InstrumentEvent, String, RouterOutput> {
    private static final Logger LOG = LoggerFactory.getLogger(SorProcessor.class);

    private final SmartOrderRouter router;
    /** PAPER mode's filler; null in LIVE mode, where the execution stage fills orders off this thread. */
    private final PaperFiller paper;
    private final PositionLedger ledger;
    private final RouterMetrics metrics;
    private final IntentCommits commits;
    private final long reconcileTimeoutMs;
    private final long reconcileIntervalMs;
    /*
     * In-memory views of the market store, written through with it: a snapshot is checked and applied
     * without reading the store (which would deserialize the venue's book once more per snapshot), and an
     * intent is priced from a market prepared once. This processor is the store's only writer; both are
     * emptied in init(), which Kafka Streams runs again when it revives a task from its changelog.
     */
    private final Map<String, VenueMarket> venueMarkets = new HashMap<>();
    private final Map<String, InstrumentMarket> prepared = new HashMap<>();
    /** Ledger reads under way, one per instrument whose record is not seeded yet; they run on the ledger's threads. */
    private final Map<String, CompletableFuture<List<Position>>> seeding = new HashMap<>();
    private final long seedWaitMs;
    private ProcessorContext<String, RouterOutput> context;
    private KeyValueStore<String, VenueMarket> markets;
    private KeyValueStore<String, RoutingRecord> decisions;
    private KeyValueStore<String, RouterPositions> positions;
    private KeyValueStore<String, HeldIntents> held;

    public SorProcessor(SmartOrderRouter router, PaperFiller paper, PositionLedger ledger, RouterMetrics metrics,
                 IntentCommits commits) {
        this.router = router;
        this.commits = commits;
        this.paper = paper;
        this.ledger = ledger;
        this.metrics = metrics;
        this.reconcileTimeoutMs = router.config().positions().reconcileTimeoutMs();
        this.reconcileIntervalMs = router.config().positions().reconcileIntervalMs();
        this.seedWaitMs = router.config().positions().seedWaitMs();
    }

    @Override
    public void init(ProcessorContext<String, RouterOutput> context) {
        this.context = context;
        commits.init(context);
        venueMarkets.clear();
        prepared.clear();
        seeding.clear();
        this.markets = context.getStateStore(RouterStores.MARKET);
        this.decisions = context.getStateStore(RouterStores.DECISIONS);
        this.positions = context.getStateStore(RouterStores.POSITIONS);
        this.held = context.getStateStore(RouterStores.HELD);
        context.schedule(Duration.ofMillis(reconcileIntervalMs), PunctuationType.WALL_CLOCK_TIME, this::reconcile);
        context.schedule(Duration.ofMinutes(10), PunctuationType.WALL_CLOCK_TIME, this::forgetOldDecisions);
    }

    @Override
    public void process(Record<String, InstrumentEvent> record) {
        InstrumentEvent event = record.value();
        if (event.intent() != null) {
            accept(event.intent(), record.timestamp());
            commits.intentHandled();
        } else if (event.fill() != null) {
            confirm(event.fill());
        } else {
            updateMarket(event);
        }
    }

    private void updateMarket(InstrumentEvent event) {
        String instrument = event.instrument();
        String key = VenueMarket.key(instrument, event.book() != null ? event.book().venue() : event.funding().venue());
        VenueMarket held = Optional.ofNullable(venueMarket(key)).orElse(VenueMarket.EMPTY);
        VenueMarket next = event.book() != null ? held.withBook(event.book()) : held.withFunding(event.funding());
        if (next == null) {
            metrics.olderMarketDataIgnored(event.book() != null ? "book" : "funding");
            return;
        }
        markets.put(key, next);
        venueMarkets.put(key, next);
        metrics.marketDataApplied(event.book() != null ? "book" : "funding");
        prepared.computeIfPresent(instrument, (i, market) ->
                event.book() != null ? market.withBook(event.book()) : market.withFunding(event.funding()));
    }

    private VenueMarket venueMarket(String key) {
        VenueMarket cached = venueMarkets.get(key);
        if (cached == null) {
            cached = markets.get(key);
            if (cached != null) {
                venueMarkets.put(key, cached);
            }
        }
        return cached;
    }

    /** A fill from the fills topic: applied once (the router's own paper fills are already applied). */
    private void confirm(Fill fill) {
        RoutingRecord decision = decisions.get(fill.intentId());
        if (decision != null && decision.fill() != null) {
            return;
        }
        RouterPositions record = positions.get(fill.instrument());
        if (record == null) {
            // a fill for an instrument the router has not traded: its record starts at the next intent, from the ledger
            return;
        }
        positions.put(fill.instrument(), record.withFill(fill));
        if (decision != null) {
            decisions.put(fill.intentId(), new RoutingRecord(decision.intentId(), decision.order(), decision.rejection(), fill));
        }
        LOG.debug("fill {} confirms order {} on {}", fill.fillId(), fill.orderId(), fill.venue());
    }

    private void accept(ApprovedIntent intent, long timestamp) {
        HeldIntents queue = held.get(intent.instrument());
        if (decisions.get(intent.intentId()) != null || (queue != null && queue.holds(intent.intentId()))) {
            LOG.info("intent {} was already received; the replay produces nothing", intent.intentId());
            metrics.duplicateIntent();
            return;
        }
        if (queue != null && !queue.isEmpty()) {
            hold(intent, queue, "behind earlier intents for " + intent.instrument());
            return;
        }
        Gate gate = gate(intent.instrument(), seedWaitMs);
        if (gate.waitReason() != null) {
            hold(intent, new HeldIntents(List.of()), gate.waitReason());
            return;
        }
        route(intent, gate.record(), timestamp);
    }

    private void hold(ApprovedIntent intent, HeldIntents queue, String reason) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        held.put(intent.instrument(), queue.with(new HeldIntents.Held(intent, now, reason)));
        metrics.held();
        LOG.info("intent {} held while {} is reconciled: {}", intent.intentId(), intent.instrument(), reason);
    }

    /** The instrument's record and, when it may not trade now, why. */
    private record Gate(RouterPositions record, String waitReason) {
    }

    /**
     * Whether the instrument may trade now (SPEC §7). Its record is seeded from the ledger the first time it
     * is needed: the read runs on the ledger's threads and this thread waits for it at most {@code waitMs};
     * a read still under way, or failed, holds the intent, and the reconcile punctuation looks again.
     */
    private Gate gate(String instrument, long waitMs) {
        RouterPositions record = positions.get(instrument);
        if (record == null && !router.config().knowsInstrument(instrument)) {
            // rejected UNKNOWN_INSTRUMENT by the router; nothing to read or keep
            return new Gate(RouterPositions.fromLedger(instrument, List.of()), null);
        }
        if (record == null) {
            CompletableFuture<List<Position>> read = seeding.computeIfAbsent(instrument, ledger::read);
            try {
                List<Position> ledgerPositions = waitMs > 0 ? read.get(waitMs, TimeUnit.MILLISECONDS) : read.getNow(null);
                if (ledgerPositions == null) {
                    return new Gate(null, "reading the positions of " + instrument + " from the ledger");
                }
                seeding.remove(instrument);
                record = RouterPositions.fromLedger(instrument, ledgerPositions);
                positions.put(instrument, record);
            } catch (TimeoutException slow) {
                return new Gate(null, "reading the positions of " + instrument + " from the ledger");
            } catch (ExecutionException | java.util.concurrent.CompletionException failed) {
                seeding.remove(instrument); // the next look starts a new read
                return new Gate(null, "position UNKNOWN: " + (failed.getCause() == null ? failed : failed.getCause()).getMessage());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return new Gate(null, "reading the positions of " + instrument + " from the ledger");
            }
        }
        return new Gate(record, PositionGate.waitReason(record, ledger.reachable()));
    }

    /** Routes an intent whose positions are confirmed; returns the record after it. */
    private RouterPositions route(ApprovedIntent intent, RouterPositions record, long timestamp) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        String positionVenue = null;
        if (intent.action() == Action.CLOSE && router.config().knowsInstrument(intent.instrument())) {
            ClosePolicy.Choice choice = ClosePolicy.choose(intent, record);
            if (choice instanceof ClosePolicy.Refused refused) {
                reject(intent, refused.reason(), refused.detail(), now, timestamp);
                return record;
            }
            positionVenue = ((ClosePolicy.CloseOn) choice).venue();
        }
        InstrumentMarket market = prepared.computeIfAbsent(intent.instrument(), i -> MarketState.load(markets, i).toMarket());
        RoutingOutcome outcome = router.route(intent, market, positionVenue);
        if (outcome instanceof RoutingOutcome.Rejected rejected) {
            reject(intent, rejected.reason(), rejected.detail(), now, timestamp);
            return record;
        }
        RoutedOrder order = ((RoutingOutcome.Routed) outcome).decision().toRoutedOrder(now);
        VenueMarket chosen = venueMarket(VenueMarket.key(intent.instrument(), order.venue()));
        Fill fill = paper == null ? null : paper.fill(order, market, chosen == null ? null : chosen.atr(), now).orElse(null);
        RouterPositions next = record.withRouted(order);
        if (fill != null) {
            next = next.withFill(fill);
        }
        if (router.config().knowsInstrument(intent.instrument())) {
            positions.put(intent.instrument(), next);
        }
        decisions.put(intent.intentId(), new RoutingRecord(intent.intentId(), order, null, fill));
        metrics.routed(order);
        LOG.debug("intent {} routed to {} ({}), total cost {}", intent.intentId(), order.venue(), order.decision(), order.totalCost());
        context.forward(new Record<>(intent.intentId(), (RouterOutput) new RouterOutput.Order(order), timestamp));
        if (fill != null) {
            metrics.filled(fill.venue());
            context.forward(new Record<>(order.orderId(), (RouterOutput) new RouterOutput.Filled(fill), timestamp));
        }
        return next;
    }

    private void reject(ApprovedIntent intent, RejectReason reason, String detail, Instant now, long timestamp) {
        Rejection rejection = new Rejection(intent.intentId(), reason, detail, Json.toTree(intent), now);
        decisions.put(intent.intentId(), new RoutingRecord(intent.intentId(), null, rejection, null));
        metrics.rejected(rejection);
        LOG.debug("intent {} rejected: {} ({})", intent.intentId(), reason, detail);
        context.forward(new Record<>(intent.intentId(), (RouterOutput) new RouterOutput.Rejected(rejection), timestamp));
    }

    /** Wall-clock punctuation: decisions older than {@code routing.dedupe-retention} are forgotten, so the store stays bounded. */
    private void forgetOldDecisions(long nowMs) {
        long cutoff = nowMs - router.config().routing().dedupeRetention().toMillis();
        List<String> expired = new java.util.ArrayList<>();
        try (KeyValueIterator<String, RoutingRecord> all = decisions.all()) {
            all.forEachRemaining(e -> {
                Instant at = e.value.order() != null ? e.value.order().routedAt()
                        : e.value.rejection() != null ? e.value.rejection().rejectedAt() : null;
                if (at != null && at.toEpochMilli() < cutoff) {
                    expired.add(e.key);
                }
            });
        }
        expired.forEach(decisions::delete);
        if (!expired.isEmpty()) {
            LOG.info("forgot {} decisions older than {}", expired.size(), router.config().routing().dedupeRetention());
        }
    }

    /** Wall-clock punctuation: held intents are rejected past the timeout, or routed in order once confirmed. */
    private void reconcile(long nowMs) {
        List<KeyValue<String, HeldIntents>> waiting = new java.util.ArrayList<>();
        try (KeyValueIterator<String, HeldIntents> all = held.all()) {
            all.forEachRemaining(waiting::add);
        }
        for (KeyValue<String, HeldIntents> entry : waiting) {
            String instrument = entry.key;
            HeldIntents queue = entry.value;
            Instant now = Instant.ofEpochMilli(nowMs);
            while (!queue.isEmpty()) {
                HeldIntents.Held first = queue.intents().get(0);
                if (nowMs - first.heldAt().toEpochMilli() > reconcileTimeoutMs) {
                    commits.intentHandled();
                    reject(first.intent(), RejectReason.RECONCILE_TIMEOUT, "position of " + instrument
                            + " not confirmed within " + reconcileTimeoutMs + " ms: " + first.reason(), now, nowMs);
                    queue = queue.withoutFirst();
                    continue;
                }
                Gate gate = gate(instrument, 0);
                if (gate.waitReason() != null) {
                    break;
                }
                route(first.intent(), gate.record(), nowMs);
                commits.intentHandled();
                queue = queue.withoutFirst();
            }
            if (queue.isEmpty()) {
                held.delete(instrument);
            } else {
                held.put(instrument, queue);
            }
        }
    }
}
