package tech.tradeos.execution.topology;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.Rejection;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.routing.InstrumentMarket;
import tech.tradeos.execution.model.routing.RoutingOutcome;
import tech.tradeos.execution.model.routing.SmartOrderRouter;

/**
 * The Smart Order Router as a stream processor, one instrument per key: market data updates the
 * instrument's {@link MarketState} (newest wins); an intent is routed against it once — a replayed
 * intentId finds its decision in the decisions store and produces nothing — and, in PAPER mode,
 * filled by the {@link ExecutionAdapter}.
 */
final class SorProcessor implements Processor<String, InstrumentEvent, String, RouterOutput> {
    private static final Logger LOG = LoggerFactory.getLogger(SorProcessor.class);

    private final SmartOrderRouter router;
    private final ExecutionAdapter executor;
    private final RouterMetrics metrics;
    /** Prepared markets per instrument, rebuilt from the store after each change; lost with the task, never stale. */
    private final Map<String, InstrumentMarket> prepared = new HashMap<>();
    private ProcessorContext<String, RouterOutput> context;
    private KeyValueStore<String, MarketState> markets;
    private KeyValueStore<String, RoutingRecord> decisions;

    SorProcessor(SmartOrderRouter router, ExecutionAdapter executor, RouterMetrics metrics) {
        this.router = router;
        this.executor = executor;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, RouterOutput> context) {
        this.context = context;
        this.markets = context.getStateStore(RouterTopology.MARKET_STORE);
        this.decisions = context.getStateStore(RouterTopology.DECISIONS_STORE);
    }

    @Override
    public void process(Record<String, InstrumentEvent> record) {
        InstrumentEvent event = record.value();
        String instrument = event.instrument();
        if (event.intent() != null) {
            route(record, event.intent());
            return;
        }
        MarketState held = Optional.ofNullable(markets.get(instrument)).orElseGet(() -> MarketState.empty(instrument));
        MarketState next = event.book() != null ? held.withBook(event.book()) : held.withFunding(event.funding());
        if (next == null) {
            metrics.olderMarketDataIgnored(event.book() != null ? "book" : "funding");
            return;
        }
        markets.put(instrument, next);
        prepared.remove(instrument);
    }

    private void route(Record<String, InstrumentEvent> record, ApprovedIntent intent) {
        if (decisions.get(intent.intentId()) != null) {
            LOG.info("intent {} was already routed; the replay produces nothing", intent.intentId());
            metrics.duplicateIntent();
            return;
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        MarketState state = Optional.ofNullable(markets.get(intent.instrument()))
                .orElseGet(() -> MarketState.empty(intent.instrument()));
        InstrumentMarket market = prepared.computeIfAbsent(intent.instrument(), i -> state.toMarket());
        RoutingOutcome outcome = router.route(intent, market, null);
        if (outcome instanceof RoutingOutcome.Rejected rejected) {
            Rejection rejection = new Rejection(intent.intentId(), rejected.reason(), rejected.detail(), Json.toTree(intent), now);
            decisions.put(intent.intentId(), new RoutingRecord(intent.intentId(), null, rejection, null));
            metrics.rejected(rejected.reason());
            LOG.info("intent {} rejected: {} ({})", intent.intentId(), rejected.reason(), rejected.detail());
            context.forward(record.withKey(intent.intentId()).withValue(new RouterOutput.Rejected(rejection)));
            return;
        }
        RoutedOrder order = ((RoutingOutcome.Routed) outcome).decision().toRoutedOrder(now);
        Fill fill = executor.execute(order, market, state, now).orElse(null);
        decisions.put(intent.intentId(), new RoutingRecord(intent.intentId(), order, null, fill));
        metrics.routed(order);
        LOG.info("intent {} routed to {} ({}), total cost {}", intent.intentId(), order.venue(), order.decision(), order.totalCost());
        context.forward(record.withKey(intent.intentId()).withValue(new RouterOutput.Order(order)));
        if (fill != null) {
            metrics.filled(fill.venue());
            context.forward(record.withKey(order.orderId()).withValue(new RouterOutput.Filled(fill)));
        }
    }
}
