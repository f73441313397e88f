package tech.tradeos.execution.topology.processor;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.RejectReason;
import tech.tradeos.execution.model.position.PositionLedger;
import tech.tradeos.execution.model.position.RouterPositions;
import tech.tradeos.execution.model.routing.SmartOrderRouter;
import tech.tradeos.execution.topology.control.ControlBoard;
import tech.tradeos.execution.topology.metrics.RouterMetrics;
import tech.tradeos.execution.topology.state.Decisions;
import tech.tradeos.execution.topology.state.HeldQueue;
import tech.tradeos.execution.topology.state.RouterStores;

/**
 * The Smart Order Router as a stream processor, one instrument per key — a dispatcher:
 * <ul>
 *   <li>market data updates the {@link LiveMarket} (newest wins);</li>
 *   <li>a fill on {@code execution.fills} confirms the order it fills in the router's position record, and a live
 *       order's final update on {@code execution.orders.updates} says how much it will fill (a rejected one: nothing);</li>
 *   <li>an intent passes the {@link IntentGate} (dedupe, hold while its instrument is unconfirmed) and is
 *       routed by the {@link IntentRouter}.</li>
 * </ul>
 * Two wall-clock punctuations: every {@code positions.reconcile-interval-ms} held intents are released once
 * their instrument is confirmed, or rejected RECONCILE_TIMEOUT after {@code positions.reconcile-timeout-ms};
 * every minute decisions older than {@code routing.dedupe-retention} are forgotten, a bounded batch at a time.
 */
public final class SorProcessor implements Processor<String, InstrumentEvent, String, RouterOutput> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SorProcessor.class);
    private final SmartOrderRouter router;
    private final IntentCommits commits;
    private final LiveMarket market;
    private final IntentGate gate;
    private final IntentRouter intents;
    private final ControlBoard board;
    private ProcessorContext<String, RouterOutput> context;

    /** {@code paper} is null in LIVE mode, where the execution stage fills orders off the stream thread. */
    public SorProcessor(SmartOrderRouter router, PaperFiller paper, PositionLedger ledger, RouterMetrics metrics,
                        IntentCommits commits, ControlBoard board) {
        this.router = router;
        this.commits = commits;
        this.board = board;
        this.market = new LiveMarket(metrics);
        this.gate = new IntentGate(router.config(), ledger, metrics);
        this.intents = new IntentRouter(board, paper, metrics);
    }

    @Override
    public void init(ProcessorContext<String, RouterOutput> context) {
        this.context = context;
        commits.init(context);
        Decisions decisions = new Decisions(context.getStateStore(RouterStores.DECISIONS),
                context.getStateStore(RouterStores.DECISION_TIMES));
        int indexed = decisions.indexUnindexed();
        if (indexed > 0) {
            LOG.info("indexed {} decisions by time, stored before the index existed", indexed);
        }
        KeyValueStore<String, RouterPositions> positions = context.getStateStore(RouterStores.POSITIONS);
        HeldQueue held = new HeldQueue(context.getStateStore(RouterStores.HELD));
        market.init(context.getStateStore(RouterStores.MARKET));
        board.load(((org.apache.kafka.streams.state.KeyValueStore<String, tech.tradeos.execution.model.control.ControlCommand>)
                context.getStateStore(tech.tradeos.execution.topology.control.ControlStoreUpdater.STORE)).all());
        gate.init(decisions, positions, held);
        intents.init(market, decisions, positions, context::forward);
        long interval = router.config().positions().reconcileIntervalMs();
        context.schedule(Duration.ofMillis(interval), PunctuationType.WALL_CLOCK_TIME, this::reconcile);
        context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, gate::forgetOldDecisions);
    }

    @Override
    public void process(Record<String, InstrumentEvent> record) {
        InstrumentEvent event = record.value();
        if (event.intent() != null) {
            Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
            IntentGate.Verdict verdict = gate.admit(event.intent(), now);
            if (verdict instanceof IntentGate.Pass pass) {
                intents.route(event.intent(), pass.record(), now, record.timestamp());
            } else if (verdict instanceof IntentGate.Reused reused) {
                intents.answer(event.intent(), RejectReason.INVALID_INTENT, reused.detail(), now, record.timestamp());
            } else if (verdict instanceof IntentGate.Expired expired) {
                intents.reject(event.intent(), RejectReason.EXPIRED, expired.detail(), now, record.timestamp());
            }
            commits.intentHandled();
        } else if (event.fill() != null) {
            intents.confirm(event.fill());
        } else if (event.orderUpdate() != null) {
            intents.settle(event.orderUpdate());
        } else {
            market.apply(event);
        }
    }

    private void reconcile(long nowMs) {
        long timeoutMs = router.config().positions().reconcileTimeoutMs();
        gate.reconcile(nowMs, new IntentGate.Release() {
            @Override
            public void route(ApprovedIntent intent, RouterPositions record, long now) {
                intents.route(intent, record, Instant.ofEpochMilli(now), now);
                commits.intentHandled();
            }

            @Override
            public void expire(HeldQueue.Held held, long now) {
                intents.reject(held.intent(), RejectReason.RECONCILE_TIMEOUT, "position of " + held.intent().instrument()
                        + " not confirmed within " + timeoutMs + " ms: " + held.reason(), Instant.ofEpochMilli(now), now);
                commits.intentHandled();
            }
        });
    }
}
