package tech.tradeos.execution.executor;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.executor.venue.VenueSymbols;
import tech.tradeos.execution.executor.venue.ClientOrderIds;
import tech.tradeos.execution.executor.venue.InstrumentRules;
import tech.tradeos.execution.executor.venue.OrderRequest;
import tech.tradeos.execution.executor.venue.VenueAdapter;
import tech.tradeos.execution.executor.venue.VenueOrder;
import tech.tradeos.execution.executor.venue.VenueUnavailable;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.Ids;
import tech.tradeos.execution.model.Mode;
import tech.tradeos.execution.model.OrderState;
import tech.tradeos.execution.model.OrderUpdate;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.config.Redaction;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.paper.PaperFills;

/**
 * One LIVE order taken through its venue (docs/README.md §Live execution): checked against the venue's rules,
 * sent once as a marketable limit IOC under its client order id, looked up by that id whenever the answer is
 * in doubt (a replayed order, a timeout, a lost response), and followed until its state is final. What it
 * produces — the order updates and one Fill per venue execution, ids derived from the venue's trade ids — is
 * returned for the stage to publish. What goes wrong before the order is sent is a REJECTED update with the
 * reason; once it may be at the venue, a venue that cannot be asked is {@link OutcomeUnknown}: nothing is
 * published, and the stage tries again later, asking the venue first.
 */
final class OrderExecution {
    private static final Logger LOG = LoggerFactory.getLogger(OrderExecution.class);

    /** What executing one order produced, in publication order. */
    record Result(List<OrderUpdate> updates, List<Fill> fills) {
    }

    /** The order may be at the venue, and the venue cannot be asked now. */
    static final class OutcomeUnknown extends Exception {
        OutcomeUnknown(String message) {
            super(message);
        }
    }

    private final TradeosConfig.Executor config;
    private final Map<String, VenueAdapter> adapters;
    private final Clock clock;
    private final Sleeper sleeper;

    /** How the execution waits between lookups; tests pass one that does not sleep. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final java.util.function.Predicate<String> held;

    OrderExecution(TradeosConfig.Executor config, Map<String, VenueAdapter> adapters, Clock clock, Sleeper sleeper) {
        this(config, adapters, clock, sleeper, instrument -> false);
    }

    /** {@code held}: instruments whose orders are refused (their ledger and venue positions differ, policy hold). */
    OrderExecution(TradeosConfig.Executor config, Map<String, VenueAdapter> adapters, Clock clock, Sleeper sleeper,
                   java.util.function.Predicate<String> held) {
        this.config = config;
        this.adapters = adapters;
        this.clock = clock;
        this.sleeper = sleeper;
        this.held = held;
    }

    /** Executes {@code order}; {@code maybeSentBefore}: an earlier run may have sent it, so the venue is asked first. */
    Result execute(RoutedOrder order, boolean maybeSentBefore) throws OutcomeUnknown {
        List<OrderUpdate> updates = new ArrayList<>();
        List<Fill> fills = new ArrayList<>();
        VenueAdapter adapter = adapters.get(order.venue());
        if (adapter == null) {
            updates.add(update(order, order.orderId(), null, OrderState.REJECTED, order.quantity(), null,
                    "no live adapter for venue " + order.venue() + " in this executor (executor.venues: " + adapters.keySet() + ")"));
            return new Result(updates, fills);
        }
        String cid;
        try {
            cid = ClientOrderIds.of(order.venue(), order.orderId());
        } catch (IllegalArgumentException e) {
            updates.add(update(order, order.orderId(), null, OrderState.REJECTED, order.quantity(), null, e.getMessage()));
            return new Result(updates, fills);
        }
        String symbol;
        InstrumentRules rules;
        try {
            symbol = VenueSymbols.rest(order.venue(), order.venueSymbol());
            rules = rules(adapter, symbol);
        } catch (RuntimeException e) {
            updates.add(update(order, cid, null, OrderState.REJECTED, order.quantity(), null,
                    "the venue's instrument rules could not be read: " + Redaction.message(e)));
            return new Result(updates, fills);
        }
        try {
            if (!maybeSentBefore && held.test(order.instrument())) {
                updates.add(update(order, cid, null, OrderState.REJECTED, order.quantity(), null, order.instrument()
                        + " is held: its ledger and venue positions differ (executor.mismatch-policy hold; POST /reconcile)"));
                return new Result(updates, fills);
            }
            BigDecimal reference = order.expectedPrice() != null ? order.expectedPrice() : order.arrivalMid();
            if (reference == null) {
                updates.add(update(order, cid, null, OrderState.REJECTED, order.quantity(), null,
                        "no expected price to cap a marketable limit order with"));
                return new Result(updates, fills);
            }
            BigDecimal quantity = rules.roundQuantity(order.quantity());
            BigDecimal limit = rules.limitPrice(order.side(), reference, config.maxSlippageBps());
            String refusal = rules.refusal(quantity, limit);
            if (refusal != null) {
                updates.add(update(order, cid, null, OrderState.REJECTED, order.quantity(), null, refusal));
                return new Result(updates, fills);
            }
            Instant sentAfter = order.routedAt().minusSeconds(60);
            if (maybeSentBefore) {
                Optional<VenueOrder> earlier = lookup(adapter, cid, symbol, quantity, sentAfter, 1);
                if (earlier.isPresent()) {
                    LOG.info("order {} was already at {} as {}: not sent again", order.orderId(), order.venue(), earlier.get().venueOrderId());
                    follow(order, adapter, symbol, quantity, sentAfter, earlier.get(), updates, fills);
                    return new Result(updates, fills);
                }
            }
            updates.add(update(order, cid, null, OrderState.NEW, quantity, null, null));
            VenueOrder answer;
            try {
                Instant deadline = clock.instant().plusMillis(Math.max(500, Math.min(60_000, config.ackTimeoutMs())));
                answer = adapter.place(new OrderRequest(cid, symbol, order.side(), quantity, limit, deadline));
            } catch (RuntimeException unsure) {
                LOG.warn("order {} at {}: {}; looking it up by its client id {}", order.orderId(), order.venue(),
                        Redaction.message(unsure), cid);
                Optional<VenueOrder> found = lookup(adapter, cid, symbol, quantity, sentAfter, config.lookupAttempts());
                if (found.isEmpty()) {
                    updates.add(update(order, cid, null, OrderState.REJECTED, quantity, null,
                            "never reached the venue: not found by client id after " + config.lookupAttempts()
                                    + " lookups (" + Redaction.message(unsure) + ")"));
                    return new Result(updates, fills);
                }
                answer = found.get();
            }
            follow(order, adapter, symbol, quantity, sentAfter, answer, updates, fills);
        } catch (VenueUnavailable e) {
            throw new OutcomeUnknown(order.orderId() + " at " + order.venue() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutcomeUnknown(order.orderId() + ": interrupted");
        }
        return new Result(updates, fills);
    }

    private InstrumentRules rules(VenueAdapter adapter, String symbol) {
        InstrumentRules venueRules = adapter.rules(symbol);
        TradeosConfig.LiveVenue venue = config.venues().get(adapter.venue());
        TradeosConfig.RuleOverride o = venue == null ? null : venue.rules().get(symbol);
        if (o == null) {
            return venueRules;
        }
        return new InstrumentRules(adapter.venue(), symbol, o.lotStep() != null ? o.lotStep() : venueRules.lotStep(),
                o.tick() != null ? o.tick() : venueRules.tick(), o.minQuantity() != null ? o.minQuantity() : venueRules.minQuantity(),
                o.minNotional() != null ? o.minNotional() : venueRules.minNotional());
    }

    /** The venue's answer followed until final: ACKED, the executions as fills, then the final state. */
    private void follow(RoutedOrder order, VenueAdapter adapter, String symbol, BigDecimal quantity, Instant sentAfter,
                        VenueOrder answer, List<OrderUpdate> updates, List<Fill> fills) throws InterruptedException {
        String cid = answer.clientOrderId();
        if (answer.state() == OrderState.REJECTED) {
            updates.add(update(order, cid, answer.venueOrderId(), OrderState.REJECTED, quantity, null, answer.reason()));
            return;
        }
        updates.add(update(order, cid, answer.venueOrderId(), OrderState.ACKED, quantity, null, null));
        VenueOrder current = answer;
        long waited = 0;
        while (!current.state().terminal() || current.executions().size() < expectedExecutions(current)) {
            Optional<VenueOrder> seen = lookup(adapter, cid, symbol, quantity, sentAfter, config.lookupAttempts());
            if (seen.isPresent()) {
                current = seen.get();
            }
            if (current.state().terminal()) {
                break;
            }
            if (waited > config.ackTimeoutMs() * config.lookupAttempts()) {
                throw new VenueUnavailable("order still " + current.state() + " at the venue after " + waited + " ms");
            }
            sleeper.sleep(Duration.ofMillis(config.pollIntervalMs()));
            waited += config.pollIntervalMs();
        }
        for (VenueOrder.Execution e : current.executions()) {
            fills.add(fill(order, adapter.venue(), e));
        }
        updates.add(new OrderUpdate(order.orderId(), order.intentId(), order.instrument(), order.venue(), cid,
                current.venueOrderId(), current.state(), quantity, current.filledQuantity().min(quantity),
                current.averagePrice(), current.fees(), current.reason(), clock.instant()));
    }

    /** An order placed and found with its executions is complete; a lookup that raced a trade is repeated. */
    private static int expectedExecutions(VenueOrder o) {
        return o.filledQuantity().signum() > 0 && o.executions().isEmpty() ? 1 : 0;
    }

    /** Up to {@code attempts} lookups {@code lookup-interval-ms} apart; empty when the venue never shows the order. */
    private Optional<VenueOrder> lookup(VenueAdapter adapter, String cid, String symbol, BigDecimal quantity, Instant sentAfter,
                                        int attempts) throws InterruptedException {
        RuntimeException last = null;
        for (int i = 0; i < attempts; i++) {
            if (i > 0) {
                sleeper.sleep(Duration.ofMillis(config.lookupIntervalMs()));
            }
            try {
                Optional<VenueOrder> found = adapter.find(cid, symbol, quantity, sentAfter);
                if (found.isPresent()) {
                    return found;
                }
                last = null;
            } catch (RuntimeException e) {
                last = e;
            }
        }
        if (last != null) {
            throw last instanceof VenueUnavailable ? last : new VenueUnavailable(Redaction.message(last));
        }
        return Optional.empty();
    }

    private Fill fill(RoutedOrder order, String venue, VenueOrder.Execution e) {
        return new Fill(Ids.liveFillId(venue, e.tradeId()), order.orderId(), order.intentId(), venue, order.instrument(),
                order.side(), e.quantity(), e.price(), e.fee(), Mode.LIVE, order.expectedPrice(), order.arrivalMid(),
                PaperFills.slippageBps(order.side().sign(), e.price(), order.expectedPrice()), order.signalType(),
                order.action(), order.direction(), e.executedAt());
    }

    private OrderUpdate update(RoutedOrder order, String cid, String venueOrderId, OrderState state, BigDecimal quantity,
                               BigDecimal avg, String reason) {
        return new OrderUpdate(order.orderId(), order.intentId(), order.instrument(), order.venue(), cid, venueOrderId, state,
                quantity, BigDecimal.ZERO, avg, BigDecimal.ZERO, reason, clock.instant());
    }
}
