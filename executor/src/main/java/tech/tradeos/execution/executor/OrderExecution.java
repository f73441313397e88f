package tech.tradeos.execution.executor;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.executor.journal.InMemorySendJournal;
import tech.tradeos.execution.executor.journal.SendJournal;
import tech.tradeos.execution.executor.venue.Absence;
import tech.tradeos.execution.executor.venue.ClientOrderIds;
import tech.tradeos.execution.executor.venue.InstrumentRules;
import tech.tradeos.execution.executor.venue.OrderRequest;
import tech.tradeos.execution.executor.venue.VenueAdapter;
import tech.tradeos.execution.executor.venue.VenueBackingOff;
import tech.tradeos.execution.executor.venue.VenueOrder;
import tech.tradeos.execution.executor.venue.VenueSymbols;
import tech.tradeos.execution.executor.venue.VenueUnavailable;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.Ids;
import tech.tradeos.execution.model.Mode;
import tech.tradeos.execution.model.OrderState;
import tech.tradeos.execution.model.OrderUpdate;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.config.Redaction;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.control.ControlCommand;
import tech.tradeos.execution.model.control.ControlState;
import tech.tradeos.execution.model.control.Limits;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.paper.PaperFills;

/**
 * One LIVE order taken through its venue (docs/README.md §Live execution), sent at most once:
 * <ol>
 *   <li>An order the {@link SendJournal} already knows may have been sent: it is only looked up — before any check
 *       that could refuse it (rules, adapter, price) — and never placed again.</li>
 *   <li>Otherwise the checks that need no venue run first: the operator's halts and venue switches, the order's age
 *       ({@code executor.max-order-age}), the venue's rules, the reconciliation hold. A refusal is REJECTED (or
 *       EXPIRED) and nothing is sent.</li>
 *   <li>The order is claimed in the journal and its NEW update published (both acknowledged) before the placement
 *       request leaves, as a marketable limit IOC under its client order id.</li>
 *   <li>An answer in doubt is followed by lookups by client id. An order no lookup finds is REJECTED "never reached
 *       the venue" only where the venue makes that certain ({@link Absence}); otherwise it is UNKNOWN: its
 *       instrument stays held and the stage looks it up again ({@link #resolve}) until it is found, absence becomes
 *       certain, or an operator resolves it.</li>
 * </ol>
 * Nothing here throws for a venue fault: every run ends in a {@link Result} — the updates and one Fill per venue
 * execution to publish, and what the journal records once they are published.
 */
final class OrderExecution {
    private static final Logger LOG = LoggerFactory.getLogger(OrderExecution.class);

    /**
     * What executing one order produced, in publication order; {@code journalState} is recorded once they are published
     * (null: the journal is not touched). {@code unusable}: the venue answered something that could not be used.
     */
    record Result(List<OrderUpdate> updates, List<Fill> fills, OrderState journalState, String reason, boolean unusable) {
        static Result nothing() {
            return new Result(List.of(), List.of(), null, null, false);
        }
    }

    /** Publishes the NEW update and returns once it is acknowledged: the order may be sent only after. */
    interface Announcer {
        void announce(OrderUpdate update) throws Exception;
    }

    /** How the execution waits between lookups; tests pass one that does not sleep. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** A venue answer that cannot be used (a field missing or malformed): not a fault to retry. */
    private static final class Unusable extends RuntimeException {
        Unusable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final TradeosConfig.Executor config;
    private final Map<String, VenueAdapter> adapters;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Predicate<String> held;
    private final SendJournal journal;
    private final Supplier<ControlState> control;
    private final String instance;

    /**
     * {@code held}: instruments whose orders are refused (their ledger and venue positions differ, policy hold);
     * {@code control}: the operator's instructions in force; {@code instance}: this executor's name in the journal.
     */
    OrderExecution(TradeosConfig.Executor config, Map<String, VenueAdapter> adapters, Clock clock, Sleeper sleeper,
                   Predicate<String> held, SendJournal journal, Supplier<ControlState> control, String instance) {
        this.config = config;
        this.adapters = adapters;
        this.clock = clock;
        this.sleeper = sleeper;
        this.held = held;
        this.journal = journal;
        this.control = control;
        this.instance = instance;
    }

    /** For tests and benchmarks of the execution alone: an in-memory journal, no operator instruction, no hold. */
    OrderExecution(TradeosConfig.Executor config, Map<String, VenueAdapter> adapters, Clock clock, Sleeper sleeper) {
        this(config, adapters, clock, sleeper, instrument -> false, new InMemorySendJournal(),
                () -> ControlState.of(Limits.NONE), "test");
    }

    /**
     * {@link #execute(RoutedOrder, Announcer)} with the announced NEW update first among the result's updates, and the
     * journal left unsettled (as by a crash before publication): a second call looks the order up. For tests.
     */
    Result execute(RoutedOrder order) throws InterruptedException {
        List<OrderUpdate> announced = new ArrayList<>();
        Result r = execute(order, announced::add);
        announced.addAll(r.updates());
        return new Result(announced, r.fills(), r.journalState(), r.reason(), r.unusable());
    }

    SendJournal journal() {
        return journal;
    }

    /** The run's own clock: past {@code until} the order is given up as UNKNOWN rather than followed further. */
    private record Run(RoutedOrder order, String cid, Instant until) {
    }

    /**
     * Executes {@code order} read from the routed topic. Throws only when the journal cannot be read or written:
     * then nothing was sent, and the order must be read again later.
     */
    Result execute(RoutedOrder order, Announcer announcer) throws InterruptedException {
        Instant started = clock.instant();
        Run run = new Run(order, null, started.plusMillis(config.orderDeadlineMs() * 3 / 4));
        Optional<SendJournal.Entry> prior = journal.get(order.orderId());
        if (prior.isPresent()) {
            if (prior.get().settled()) {
                LOG.info("order {} was settled {} before; read again, it produces nothing", order.orderId(), prior.get().state());
                return Result.nothing();
            }
            LOG.info("order {} may have been sent by {} at {}: looking it up, never sending it again", order.orderId(),
                    prior.get().claimedBy(), prior.get().claimedAt());
            return lookUp(run, prior.get(), config.lookupAttempts());
        }
        VenueAdapter adapter = adapters.get(order.venue());
        if (adapter == null) {
            return refused(order, order.orderId(), OrderState.REJECTED,
                    "no live adapter for venue " + order.venue() + " in this executor (executor.venues: " + adapters.keySet() + ")");
        }
        String cid;
        try {
            cid = ClientOrderIds.of(order.venue(), order.orderId());
        } catch (IllegalArgumentException e) {
            return refused(order, order.orderId(), OrderState.REJECTED, e.getMessage());
        }
        String stop = operatorStop(order);
        if (stop != null) {
            return refused(order, cid, OrderState.REJECTED, stop);
        }
        Duration age = Duration.between(order.routedAt(), started);
        if (age.compareTo(config.maxOrderAge()) > 0) {
            return refused(order, cid, OrderState.EXPIRED, "not sent: routed " + order.routedAt() + ", " + age.toMillis()
                    + " ms before the executor read it (executor.max-order-age " + config.maxOrderAge() + ")");
        }
        String symbol = VenueSymbols.rest(order.venue(), order.venueSymbol());
        InstrumentRules rules;
        try {
            rules = rules(adapter, symbol);
        } catch (RuntimeException e) {
            return refused(order, cid, OrderState.REJECTED, "not sent: the venue's instrument rules could not be read: "
                    + Redaction.message(e));
        }
        if (held.test(order.instrument())) {
            return refused(order, cid, OrderState.REJECTED, order.instrument()
                    + " is held: its ledger and venue positions differ (executor.mismatch-policy hold; POST /reconcile)");
        }
        BigDecimal reference = order.expectedPrice() != null ? order.expectedPrice() : order.arrivalMid();
        if (reference == null) {
            return refused(order, cid, OrderState.REJECTED, "no expected price to cap a marketable limit order with");
        }
        BigDecimal quantity = rules.roundQuantity(order.quantity());
        BigDecimal limit = rules.limitPrice(order.side(), reference, config.maxSlippageBps());
        String refusal = rules.refusal(quantity, limit);
        if (refusal != null) {
            return refused(order, cid, OrderState.REJECTED, refusal);
        }

        Instant deadline = clock.instant().plusMillis(Math.max(500, Math.min(60_000, config.ackTimeoutMs())));
        SendJournal.Entry entry = new SendJournal.Entry(order.orderId(), order.venue(), order.instrument(), cid, instance,
                clock.instant(), Absence.honoursDeadline(order.venue()) ? deadline : null, SendJournal.SENT, null, Json.text(order));
        if (!journal.claim(entry)) {
            SendJournal.Entry other = journal.get(order.orderId()).orElse(entry);
            LOG.warn("order {} was claimed by {} a moment ago: looking it up, not sending it", order.orderId(), other.claimedBy());
            return lookUp(run, other, config.lookupAttempts());
        }
        run = new Run(order, cid, run.until());
        List<OrderUpdate> updates = new ArrayList<>();
        OrderUpdate announced = update(order, cid, null, OrderState.NEW, quantity, null, null);
        try {
            announcer.announce(announced);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // the request has not left: the journal's claim stays, so the order is only ever looked up from now on
            return unknown(run, entry, updates, "not sent, but its NEW update could not be published ("
                    + Redaction.message(e) + "); to be looked up", false);
        }
        VenueOrder answer;
        OrderRequest request = new OrderRequest(cid, symbol, order.side(), quantity, limit, deadline);
        try {
            answer = placeHonouringBackOff(adapter, request, run.until());
        } catch (VenueBackingOff refused) {
            // refused for the rate limit, or not sent while the venue asked to be left alone: certainly not placed
            String reason = "not placed: " + refused.getMessage();
            updates.add(update(order, cid, null, OrderState.REJECTED, quantity, null, reason));
            return new Result(updates, List.of(), OrderState.REJECTED, reason, false);
        } catch (RuntimeException unsure) {
            LOG.warn("order {} at {}: {}; looking it up by its client id {}", order.orderId(), order.venue(),
                    Redaction.message(unsure), cid);
            return found(run, entry, adapter, symbol, quantity, config.lookupAttempts(), updates, Redaction.message(unsure));
        }
        return follow(run, entry, adapter, symbol, quantity, answer, updates);
    }

    /**
     * An UNKNOWN (or orphaned SENT) order looked up once more: its final state when the venue shows it, REJECTED when
     * its absence has become certain, else still UNKNOWN (and nothing new to publish).
     */
    Result resolve(SendJournal.Entry entry) throws InterruptedException {
        RoutedOrder order;
        try {
            order = Json.read(entry.orderJson(), RoutedOrder.class);
        } catch (IOException | RuntimeException e) {
            return new Result(List.of(), List.of(), OrderState.UNKNOWN, "the journaled order cannot be read: " + e.getMessage(), true);
        }
        Result r = lookUp(new Run(order, entry.clientOrderId(), clock.instant().plusMillis(config.orderDeadlineMs() * 3 / 4)), entry, 1);
        if (r.journalState() == OrderState.UNKNOWN && entry.state().equals(OrderState.UNKNOWN.name())) {
            return new Result(List.of(), List.of(), OrderState.UNKNOWN, r.reason(), r.unusable()); // already published as UNKNOWN
        }
        return r;
    }

    /** The order may be at the venue: ask, never send. */
    private Result lookUp(Run run, SendJournal.Entry entry, int attempts) throws InterruptedException {
        List<OrderUpdate> updates = new ArrayList<>();
        RoutedOrder order = run.order();
        Run asking = new Run(order, entry.clientOrderId(), run.until());
        VenueAdapter adapter = adapters.get(order.venue());
        if (adapter == null) {
            return unknown(asking, entry, updates, "may be at " + order.venue() + ", and this executor has no adapter to ask it", false);
        }
        String symbol = VenueSymbols.rest(order.venue(), order.venueSymbol());
        BigDecimal quantity = order.quantity();
        try {
            quantity = rules(adapter, symbol).roundQuantity(order.quantity());
        } catch (RuntimeException rulesDown) {
            // the rules only round what the venue reports; the lookup does not wait for them
        }
        return found(asking, entry, adapter, symbol, quantity, attempts, updates, null);
    }

    /** Looks the order up; follows it when found, else decides between REJECTED (certain absence) and UNKNOWN. */
    private Result found(Run run, SendJournal.Entry entry, VenueAdapter adapter, String symbol, BigDecimal quantity, int attempts,
                         List<OrderUpdate> updates, String why) throws InterruptedException {
        Optional<VenueOrder> seen;
        try {
            seen = lookup(adapter, run.cid(), symbol, quantity, sentAfter(run.order()), attempts, run.until());
        } catch (VenueUnavailable e) {
            return unknown(run, entry, updates, "may be at " + run.order().venue() + ", which did not answer a lookup: " + e.getMessage(), false);
        } catch (Unusable e) {
            return unknown(run, entry, updates, e.getMessage(), true);
        }
        if (seen.isPresent()) {
            return follow(run, entry, adapter, symbol, quantity, seen.get(), updates);
        }
        Instant now = clock.instant();
        Optional<Instant> certainFrom = Absence.finalFrom(run.order().venue(), entry.claimedAt(), entry.venueDeadline(),
                Duration.ofMillis(config.absenceMarginMs()));
        if (certainFrom.isPresent() && !now.isBefore(certainFrom.get())) {
            String reason = "never reached the venue: not found by client id " + run.cid() + " at " + now + ", "
                    + Duration.between(entry.claimedAt(), now).toSeconds() + " s after it may have been sent"
                    + (entry.venueDeadline() != null ? " (its venue deadline " + entry.venueDeadline() + " has passed)" : "")
                    + (why != null ? " (" + why + ")" : "");
            updates.add(update(run.order(), run.cid(), null, OrderState.REJECTED, quantity, null, reason));
            return new Result(updates, List.of(), OrderState.REJECTED, reason, false);
        }
        return unknown(run, entry, updates, "may be at " + run.order().venue() + ": not found by client id " + run.cid()
                + (why != null ? " after " + why : "") + "; looked up again every " + config.resolveIntervalMs() + " ms"
                + (certainFrom.isPresent() ? " until " + certainFrom.get() : " until found or resolved by an operator"), false);
    }

    private Result unknown(Run run, SendJournal.Entry entry, List<OrderUpdate> updates, String reason, boolean unusable) {
        String cid = run.cid() != null ? run.cid() : entry.clientOrderId();
        updates.add(update(run.order(), cid, null, OrderState.UNKNOWN, run.order().quantity(), null, reason));
        return new Result(updates, List.of(), OrderState.UNKNOWN, reason, unusable);
    }

    private Result refused(RoutedOrder order, String cid, OrderState state, String reason) {
        return new Result(List.of(update(order, cid, null, state, order.quantity(), null, reason)), List.of(), null, reason, false);
    }

    /** Why the operator's instructions forbid sending {@code order} now; null when they allow it. */
    private String operatorStop(RoutedOrder order) {
        ControlState state = control.get();
        ControlCommand halt = state.haltOf(order.instrument());
        if (halt == null && state.venueHalted(order.venue())) {
            halt = state.byKey().get("halt/venue/" + order.venue());
        }
        if (halt != null) {
            return "not sent: halted by " + halt.by() + " at " + halt.at() + ": " + halt.reason();
        }
        ControlCommand switched = state.byKey().get("venue/" + order.venue() + "/enabled");
        if (switched != null && switched.action() == ControlCommand.Action.DISABLE_VENUE) {
            return "not sent: " + order.venue() + " disabled by " + switched.by() + " at " + switched.at() + ": " + switched.reason();
        }
        return null;
    }

    private static Instant sentAfter(RoutedOrder order) {
        return order.routedAt().minusSeconds(60);
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
    private Result follow(Run run, SendJournal.Entry entry, VenueAdapter adapter, String symbol, BigDecimal quantity,
                          VenueOrder answer, List<OrderUpdate> updates) throws InterruptedException {
        RoutedOrder order = run.order();
        String cid = answer.clientOrderId() != null ? answer.clientOrderId() : run.cid();
        if (answer.state() == OrderState.REJECTED) {
            updates.add(update(order, cid, answer.venueOrderId(), OrderState.REJECTED, quantity, null, answer.reason()));
            return new Result(updates, List.of(), OrderState.REJECTED, answer.reason(), false);
        }
        updates.add(update(order, cid, answer.venueOrderId(), OrderState.ACKED, quantity, null, null));
        VenueOrder current = answer;
        try {
            while (!current.state().terminal() || current.executions().size() < expectedExecutions(current)) {
                if (!clock.instant().isBefore(run.until())) {
                    return unknown(run, entry, updates, "still " + current.state() + " at " + order.venue()
                            + " when its deadline (executor.order-deadline-ms) passed; looked up again later", false);
                }
                Optional<VenueOrder> seen = lookup(adapter, cid, symbol, quantity, sentAfter(order), config.lookupAttempts(), run.until());
                if (seen.isPresent()) {
                    current = seen.get();
                }
                if (current.state().terminal() && current.executions().size() >= expectedExecutions(current)) {
                    break;
                }
                sleeper.sleep(Duration.ofMillis(config.pollIntervalMs()));
            }
        } catch (VenueUnavailable e) {
            return unknown(run, entry, updates, "placed at " + order.venue() + " as " + answer.venueOrderId()
                    + ", which did not answer while it was followed: " + e.getMessage(), false);
        } catch (Unusable e) {
            return unknown(run, entry, updates, e.getMessage(), true);
        }
        List<Fill> fills = new ArrayList<>();
        try {
            for (VenueOrder.Execution e : current.executions()) {
                fills.add(fill(order, adapter.venue(), e));
            }
        } catch (RuntimeException malformed) {
            return unknown(run, entry, updates, "an execution " + order.venue() + " reported cannot be booked: "
                    + Redaction.message(malformed), true);
        }
        updates.add(new OrderUpdate(order.orderId(), order.intentId(), order.instrument(), order.venue(), cid,
                current.venueOrderId(), current.state(), quantity, current.filledQuantity().min(quantity),
                current.averagePrice(), current.fees(), current.reason(), clock.instant()));
        return new Result(updates, fills, current.state(), current.reason(), false);
    }

    /** Places the order; a back-off the venue asked for is waited out once if it ends before the run must. */
    private VenueOrder placeHonouringBackOff(VenueAdapter adapter, OrderRequest request, Instant until) throws InterruptedException {
        try {
            return adapter.place(request);
        } catch (VenueBackingOff busy) {
            Duration wait = Duration.between(clock.instant(), busy.until());
            if (clock.instant().plus(wait).plusMillis(config.ackTimeoutMs()).isAfter(until)
                    || (request.deadline() != null && busy.until().isAfter(request.deadline()))) {
                throw busy;
            }
            sleeper.sleep(wait.isNegative() ? Duration.ZERO : wait);
            return adapter.place(request);
        }
    }

    /** An order placed and found with its executions is complete; a lookup that raced a trade is repeated. */
    private static int expectedExecutions(VenueOrder o) {
        return o.filledQuantity().signum() > 0 && o.executions().isEmpty() ? 1 : 0;
    }

    /**
     * Up to {@code attempts} lookups {@code lookup-interval-ms} apart, none past {@code until}; empty when the venue does
     * not show the order. A venue that did not answer the last one is {@link VenueUnavailable}; an answer that cannot be
     * read is {@link Unusable} at once (asking again gives the same answer).
     */
    private Optional<VenueOrder> lookup(VenueAdapter adapter, String cid, String symbol, BigDecimal quantity, Instant sentAfter,
                                        int attempts, Instant until) throws InterruptedException {
        VenueUnavailable last = null;
        for (int i = 0; i < attempts; i++) {
            if (i > 0) {
                if (!clock.instant().plusMillis(config.lookupIntervalMs()).isBefore(until)) {
                    break;
                }
                sleeper.sleep(Duration.ofMillis(config.lookupIntervalMs()));
            }
            try {
                Optional<VenueOrder> found = adapter.find(cid, symbol, quantity, sentAfter);
                if (found.isPresent()) {
                    return found;
                }
                last = null;
            } catch (VenueBackingOff busy) {
                last = busy;
                Duration wait = Duration.between(clock.instant(), busy.until());
                if (wait.isNegative() || !clock.instant().plus(wait).isBefore(until)) {
                    break;
                }
                sleeper.sleep(wait); // asked to wait: the lookup is not an attempt lost
                i--;
                continue;
            } catch (VenueUnavailable e) {
                last = e;
            } catch (RuntimeException e) {
                throw new Unusable("the answer of " + adapter.venue() + " to a lookup of " + cid + " cannot be used: "
                        + Redaction.message(e), e);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("order run cancelled");
            }
        }
        if (last != null) {
            throw last;
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
