package tech.tradeos.execution.topology.processor;

import java.time.Instant;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.OrderUpdate;
import tech.tradeos.execution.model.RejectReason;
import tech.tradeos.execution.model.Rejection;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.config.Redaction;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.position.ClosePolicy;
import tech.tradeos.execution.model.position.RouterPositions;
import tech.tradeos.execution.model.routing.InstrumentMarket;
import tech.tradeos.execution.model.routing.RoutingOutcome;
import tech.tradeos.execution.model.routing.SmartOrderRouter;
import tech.tradeos.execution.model.control.ControlCommand;
import tech.tradeos.execution.model.control.ControlState;
import tech.tradeos.execution.topology.control.ControlBoard;
import tech.tradeos.execution.topology.metrics.RouterMetrics;
import tech.tradeos.execution.topology.state.Decisions;
import tech.tradeos.execution.topology.state.RoutingRecord;
import tech.tradeos.execution.topology.state.VenueMarket;

/**
 * Routes an admitted intent: a CLOSE to the venue holding its position ({@link ClosePolicy}), everything
 * through the SOR against the live market; in PAPER mode the {@link PaperFiller} fills the order at once.
 * Writes the decision and the moved position record together with the outputs they belong to.
 */
final class IntentRouter {
    private static final Logger LOG = LoggerFactory.getLogger(IntentRouter.class);

    private final ControlBoard board;
    private final RouterLimits limits = new RouterLimits();
    /** PAPER mode's filler; null in LIVE mode, where the execution stage fills orders off this thread. */
    private final PaperFiller paper;
    private final RouterMetrics metrics;
    private LiveMarket market;
    private Decisions decisions;
    private KeyValueStore<String, RouterPositions> positions;
    private Consumer<Record<String, RouterOutput>> out;

    IntentRouter(ControlBoard board, PaperFiller paper, RouterMetrics metrics) {
        this.board = board;
        this.paper = paper;
        this.metrics = metrics;
    }

    void init(LiveMarket market, Decisions decisions,
              KeyValueStore<String, RouterPositions> positions, Consumer<Record<String, RouterOutput>> out) {
        this.market = market;
        this.decisions = decisions;
        this.positions = positions;
        this.out = out;
    }

    /** What routing an intent produced, computed before anything is written. */
    private record Routed(RoutedOrder order, Fill fill, RouterPositions next) {
    }

    /**
     * Routes {@code intent}, whose positions are confirmed as {@code record}, at wall-clock {@code now}. Every
     * intent gets exactly one answer: whatever fails while it is priced is an INVALID_INTENT rejection
     * naming the failure, and nothing is written before the answer is known.
     */
    void route(ApprovedIntent intent, RouterPositions record, Instant now, long timestamp) {
        Routed routed;
        try {
            routed = price(intent, record, now, timestamp);
        } catch (RuntimeException failed) {
            LOG.warn("intent {} could not be priced; rejecting it", intent.intentId(), failed);
            reject(intent, RejectReason.INVALID_INTENT, "could not be priced: " + Redaction.message(failed), now, timestamp);
            return;
        }
        if (routed == null) {
            return; // rejected while priced
        }
        RoutedOrder order = routed.order();
        Fill fill = routed.fill();
        if (board.router().config().knowsInstrument(intent.instrument())) {
            positions.put(intent.instrument(), routed.next());
        }
        decisions.record(RoutingRecord.routed(order, fill), now);
        metrics.routed(order);
        LOG.debug("intent {} routed to {} ({}), total cost {}", intent.intentId(), order.venue(), order.decision(), order.totalCost());
        out.accept(new Record<>(intent.intentId(), new RouterOutput.Order(order), timestamp));
        if (fill != null) {
            metrics.filled(fill.venue());
            out.accept(new Record<>(order.orderId(), new RouterOutput.Filled(fill), timestamp));
        }
    }

    /** The order, its paper fill and the record after them; null when the intent was rejected instead. */
    private Routed price(ApprovedIntent intent, RouterPositions record, Instant now, long timestamp) {
        ControlState control = board.state();
        ControlCommand halt = control.haltOf(intent.instrument());
        if (halt != null) {
            reject(intent, RejectReason.HALTED, "halted" + (halt.instrument() != null ? " for " + halt.instrument() : "")
                    + " by " + halt.by() + " at " + halt.at() + ": " + halt.reason(), now, timestamp);
            return null;
        }
        String tooFast = limits.countIntent(intent.instrument(), now, control.limits());
        if (tooFast != null) {
            reject(intent, RejectReason.LIMIT_EXCEEDED, tooFast, now, timestamp);
            return null;
        }
        SmartOrderRouter router = board.router();
        String positionVenue = null;
        if (intent.action() == Action.CLOSE && router.config().knowsInstrument(intent.instrument())) {
            ClosePolicy.Choice choice = ClosePolicy.choose(intent, record);
            if (choice instanceof ClosePolicy.Refused refused) {
                reject(intent, refused.reason(), refused.detail(), now, timestamp);
                return null;
            }
            positionVenue = ((ClosePolicy.CloseOn) choice).venue();
        }
        InstrumentMarket prepared = market.prepared(intent.instrument());
        RoutingOutcome outcome = router.route(intent, prepared, positionVenue);
        if (outcome instanceof RoutingOutcome.Rejected rejected) {
            reject(intent, rejected.reason(), rejected.detail(), now, timestamp);
            return null;
        }
        RoutedOrder order = ((RoutingOutcome.Routed) outcome).decision().toRoutedOrder(now);
        String breach = limits.breach(order, record, router.config(), control.limits());
        if (breach != null) {
            reject(intent, RejectReason.LIMIT_EXCEEDED, breach, now, timestamp);
            return null;
        }
        Fill fill = null;
        if (paper != null) {
            VenueMarket chosen = market.venue(intent.instrument(), order.venue());
            fill = paper.fill(order, prepared, chosen == null ? null : chosen.atr(), now).orElse(null);
        }
        RouterPositions next = record.withRouted(order);
        return new Routed(order, fill, fill == null ? next : next.withFill(fill));
    }

    void reject(ApprovedIntent intent, RejectReason reason, String detail, Instant now, long timestamp) {
        Rejection rejection = new Rejection(intent.intentId(), reason, detail, Json.toTree(intent), now);
        decisions.record(RoutingRecord.rejected(rejection), now);
        metrics.rejected(rejection);
        LOG.debug("intent {} rejected: {} ({})", intent.intentId(), reason, detail);
        out.accept(new Record<>(intent.intentId(), new RouterOutput.Rejected(rejection), timestamp));
    }

    /** A rejection answered without recording it: the intentId's record belongs to the intent that used it first. */
    void answer(ApprovedIntent intent, RejectReason reason, String detail, Instant now, long timestamp) {
        Rejection rejection = new Rejection(intent.intentId(), reason, detail, Json.toTree(intent), now);
        metrics.rejected(rejection);
        out.accept(new Record<>(intent.intentId(), new RouterOutput.Rejected(rejection), timestamp));
    }

    /** A live order's update: a final one fixes how much the order fills, releasing it once that much has. */
    void settle(OrderUpdate update) {
        RouterPositions record = positions.get(update.instrument());
        if (record == null) {
            return;
        }
        RouterPositions next = record.withUpdate(update);
        if (next != record) {
            positions.put(update.instrument(), next);
            LOG.debug("order {} is {} at {} ({} filled)", update.orderId(), update.state(), update.venue(), update.filledQuantity());
        }
    }

    /** A fill from the fills topic: applied once to the record (the router's own paper fills already are). */
    void confirm(Fill fill) {
        RoutingRecord decision = decisions.get(fill.intentId());
        if (decision != null && decision.applied(fill.fillId())) {
            return; // its own paper fill, or a live fill read again
        }
        RouterPositions record = positions.get(fill.instrument());
        if (record == null) {
            // a fill for an instrument the router has not traded: its record starts at the next intent, from the ledger
            return;
        }
        positions.put(fill.instrument(), record.withFill(fill));
        if (decision != null) {
            decisions.update(decision.withFill(fill));
        }
        LOG.debug("fill {} confirms order {} on {}", fill.fillId(), fill.orderId(), fill.venue());
    }
}
