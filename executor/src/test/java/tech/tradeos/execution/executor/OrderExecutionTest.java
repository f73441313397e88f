package tech.tradeos.execution.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.executor.journal.InMemorySendJournal;
import tech.tradeos.execution.executor.journal.SendJournal;
import tech.tradeos.execution.executor.venue.InstrumentRules;
import tech.tradeos.execution.executor.venue.OrderRequest;
import tech.tradeos.execution.executor.venue.VenueAdapter;
import tech.tradeos.execution.executor.venue.VenueBackingOff;
import tech.tradeos.execution.executor.venue.VenueOrder;
import tech.tradeos.execution.executor.venue.VenueUnavailable;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.Decision;
import tech.tradeos.execution.model.Direction;
import tech.tradeos.execution.model.Ids;
import tech.tradeos.execution.model.Market;
import tech.tradeos.execution.model.Mode;
import tech.tradeos.execution.model.OrderState;
import tech.tradeos.execution.model.OrderUpdate;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.Side;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.control.ControlCommand;
import tech.tradeos.execution.model.control.ControlState;
import tech.tradeos.execution.model.control.Limits;

/**
 * Send once, fail closed, bounded: the execution against a scripted venue that keeps the state rules Binance documents
 * — a client id accepted again once its order is filled, and "-2013 Order does not exist" for an order placed a moment
 * ago — and against answers that cannot be used. Each test fails on the execution before the send journal (it placed
 * an order looked up in vain again, published REJECTED for an order it could not find, refused a maybe-sent order
 * before asking, ignored halts and age, or threw for an unusable answer).
 */
class OrderExecutionTest {
    private static final TradeosConfig.Executor CONFIG = ConfigLoader.load(null, Map.of()).executor();

    private final MutableClock clock = new MutableClock();
    private final InMemorySendJournal journal = new InMemorySendJournal();
    private final AtomicReference<ControlState> control = new AtomicReference<>(ControlState.of(Limits.NONE));
    private final AtomicInteger lookups = new AtomicInteger();

    private RoutedOrder order(String venue, Instant routedAt) {
        return new RoutedOrder(Ids.orderId("BTC-USD", "i-" + venue), "i-" + venue, "BTC-USD", venue, "BTCUSDT", Market.SPOT, Side.BUY,
                BigDecimal.ONE, "MARKET", Mode.LIVE, Decision.BEST_COST, new BigDecimal("100"), BigDecimal.ZERO, BigDecimal.ZERO,
                new BigDecimal("100"), BigDecimal.ZERO, new BigDecimal("100"), "momentum", Action.OPEN, Direction.LONG,
                BigDecimal.ZERO, routedAt, routedAt, List.of());
    }

    private RoutedOrder order() {
        return order("BINANCE_SPOT", clock.instant());
    }

    private OrderExecution with(VenueAdapter adapter) {
        return new OrderExecution(CONFIG, Map.of(adapter.venue(), adapter), clock, clock::advance, i -> false, journal, control::get, "t");
    }

    /**
     * Binance spot as documented: a client id can be reused once its order is FILLED; a GET within {@code lagLookups}
     * lookups of the placement answers -2013; the placement's answer is lost {@code losing} times (the order is placed).
     */
    private class DocumentedBinance implements VenueAdapter {
        final Map<String, VenueOrder> orders = new HashMap<>();
        final List<String> placements = new ArrayList<>();
        int lagLookups;
        int losing;
        boolean rulesDown;
        RuntimeException lookupFault;

        @Override
        public String venue() {
            return "BINANCE_SPOT";
        }

        @Override
        public InstrumentRules rules(String symbol) {
            if (rulesDown) {
                throw new VenueUnavailable("exchangeInfo answered 503");
            }
            return new InstrumentRules("BINANCE_SPOT", symbol, new BigDecimal("0.0001"), new BigDecimal("0.01"), new BigDecimal("0.0001"), BigDecimal.ZERO);
        }

        @Override
        public VenueOrder place(OrderRequest r) {
            VenueOrder before = orders.get(r.clientOrderId());
            if (before != null && before.state() != OrderState.FILLED) {
                return VenueOrder.rejected(r.clientOrderId(), r.quantity(), "-2010 Duplicate order sent.");
            }
            placements.add(r.clientOrderId()); // accepted again once filled, as Binance documents
            VenueOrder filled = new VenueOrder(r.clientOrderId(), "v" + placements.size(), OrderState.FILLED, r.quantity(), r.quantity(),
                    r.limitPrice(), BigDecimal.ZERO, null, List.of(new VenueOrder.Execution("t" + placements.size(), r.quantity(),
                    r.limitPrice(), BigDecimal.ZERO, clock.instant())));
            orders.put(r.clientOrderId(), filled);
            if (losing > 0) {
                losing--;
                throw new VenueUnavailable("BINANCE_SPOT answered 503 to /api/v3/order"); // -1007: execution status unknown
            }
            return filled;
        }

        @Override
        public Optional<VenueOrder> find(String cid, String symbol, BigDecimal quantity, Instant placedAfter) {
            lookups.incrementAndGet();
            if (lookupFault != null) {
                throw lookupFault;
            }
            if (lagLookups > 0) {
                lagLookups--;
                return Optional.empty(); // -2013 Order does not exist: the query's memory has not caught up
            }
            return Optional.ofNullable(orders.get(cid));
        }

        @Override
        public Map<String, BigDecimal> positions() {
            return Map.of();
        }

        @Override
        public void close() {
        }
    }

    private static List<OrderState> states(OrderExecution.Result r) {
        return r.updates().stream().map(OrderUpdate::state).toList();
    }

    @Test
    void anOrderTheVenueCouldNotFindIsNeverSentAgainEvenWhereTheVenueWouldAcceptItsClientIdAgain() throws Exception {
        DocumentedBinance venue = new DocumentedBinance();
        venue.losing = 1;
        venue.lagLookups = 10; // every lookup of the first run misses
        OrderExecution execution = with(venue);
        RoutedOrder o = order();

        OrderExecution.Result first = execution.execute(o);
        assertThat(states(first)).as("not found is not 'never reached the venue'").containsExactly(OrderState.NEW, OrderState.UNKNOWN);
        assertThat(first.journalState()).isEqualTo(OrderState.UNKNOWN);

        // read again (a retry, a restart, another executor): only asked for, never placed
        OrderExecution.Result again = execution.execute(o);
        assertThat(states(again)).doesNotContain(OrderState.NEW);
        assertThat(venue.placements).as("the venue accepted one placement of the client id").hasSize(1);

        venue.lagLookups = 0;
        OrderExecution.Result resolved = execution.resolve(journal.get(o.orderId()).orElseThrow());
        assertThat(states(resolved)).containsExactly(OrderState.ACKED, OrderState.FILLED);
        assertThat(resolved.fills()).singleElement().satisfies(f -> assertThat(f.fillId()).isEqualTo(Ids.liveFillId("BINANCE_SPOT", "t1")));
        assertThat(venue.placements).hasSize(1);
    }

    @Test
    void anUnknownOrderBecomesRejectedOnlyOnceItsAbsenceIsCertain() throws Exception {
        DocumentedBinance venue = new DocumentedBinance() {
            @Override
            public VenueOrder place(OrderRequest r) {
                throw new VenueUnavailable("BINANCE_SPOT answered 502 to /api/v3/order"); // nothing placed
            }
        };
        OrderExecution execution = with(venue);
        RoutedOrder o = order();
        assertThat(states(execution.execute(o))).containsExactly(OrderState.NEW, OrderState.UNKNOWN);
        journal.settle(o.orderId(), OrderState.UNKNOWN, "published");

        OrderExecution.Result early = execution.resolve(journal.get(o.orderId()).orElseThrow());
        assertThat(early.journalState()).isEqualTo(OrderState.UNKNOWN);
        assertThat(early.updates()).as("already published UNKNOWN: nothing new").isEmpty();

        clock.advance(Duration.ofSeconds(61));
        OrderExecution.Result late = execution.resolve(journal.get(o.orderId()).orElseThrow());
        assertThat(states(late)).containsExactly(OrderState.REJECTED);
        assertThat(late.updates().get(0).reason()).startsWith("never reached the venue");
    }

    @Test
    void krakenFuturesAbsenceIsNeverAssumed() throws Exception {
        DocumentedBinance kf = new DocumentedBinance() {
            @Override
            public String venue() {
                return "KRAKEN_FUTURES";
            }

            @Override
            public VenueOrder place(OrderRequest r) {
                throw new VenueUnavailable("timed out");
            }
        };
        OrderExecution execution = with(kf);
        RoutedOrder o = order("KRAKEN_FUTURES", clock.instant());
        execution.execute(o);
        clock.advance(Duration.ofDays(1));
        assertThat(execution.resolve(journal.get(o.orderId()).orElseThrow()).journalState()).isEqualTo(OrderState.UNKNOWN);
    }

    @Test
    void aMaybeSentOrderIsAskedForBeforeAnyRefusalThatNeedsTheVenue() throws Exception {
        DocumentedBinance venue = new DocumentedBinance();
        venue.losing = 1;
        venue.lagLookups = 10;
        OrderExecution execution = with(venue);
        RoutedOrder o = order();
        execution.execute(o);
        venue.rulesDown = true; // after a restart the rules endpoint is down
        venue.lagLookups = 0;
        OrderExecution.Result again = execution.execute(o);
        assertThat(states(again)).containsExactly(OrderState.ACKED, OrderState.FILLED);
        assertThat(again.fills()).hasSize(1);
    }

    @Test
    void aHaltOrADisabledVenueStopsSending() throws Exception {
        DocumentedBinance venue = new DocumentedBinance();
        OrderExecution execution = with(venue);
        Instant at = clock.instant();
        control.set(control.get().apply(new ControlCommand(ControlCommand.Action.HALT, null, null, null, null, "ops", "incident", at)));
        OrderExecution.Result halted = execution.execute(order());
        assertThat(states(halted)).containsExactly(OrderState.REJECTED);
        assertThat(halted.updates().get(0).reason()).startsWith("not sent: halted by ops");

        control.set(ControlState.of(Limits.NONE).apply(new ControlCommand(ControlCommand.Action.DISABLE_VENUE, "BINANCE_SPOT", null, null,
                null, "ops", "maintenance", at)));
        OrderExecution.Result disabled = execution.execute(order("BINANCE_SPOT", clock.instant().plusMillis(1)));
        assertThat(disabled.updates().get(0).reason()).contains("BINANCE_SPOT disabled by ops");
        assertThat(venue.placements).isEmpty();
    }

    @Test
    void anOrderOlderThanTheMaximumAgeExpiresWithoutBeingSent() throws Exception {
        DocumentedBinance venue = new DocumentedBinance();
        OrderExecution.Result r = with(venue).execute(order("BINANCE_SPOT", clock.instant().minus(Duration.ofDays(2))));
        assertThat(states(r)).containsExactly(OrderState.EXPIRED);
        assertThat(r.updates().get(0).reason()).contains("executor.max-order-age");
        assertThat(venue.placements).isEmpty();
        assertThat(journal.entries()).isEmpty();
    }

    @Test
    void anUnusableLookupAnswerEndsTheRunUnknownInsteadOfRetryingForEver() throws Exception {
        DocumentedBinance venue = new DocumentedBinance();
        venue.losing = 1;
        venue.lookupFault = new IllegalStateException("the venue's time is not a number: ''");
        OrderExecution.Result r = with(venue).execute(order());
        assertThat(states(r)).containsExactly(OrderState.NEW, OrderState.UNKNOWN);
        assertThat(r.unusable()).isTrue();
        assertThat(r.reason()).contains("cannot be used").contains("not a number");
        assertThat(lookups.get()).as("an unusable answer is not asked for again in the same run").isEqualTo(1);
    }

    @Test
    void aRateLimitRefusalIsNotAPlacement() throws Exception {
        DocumentedBinance venue = new DocumentedBinance() {
            @Override
            public VenueOrder place(OrderRequest r) {
                throw new VenueBackingOff("BINANCE_SPOT answered 429", clock.instant().plus(Duration.ofHours(1)));
            }
        };
        OrderExecution.Result r = with(venue).execute(order());
        assertThat(states(r)).containsExactly(OrderState.NEW, OrderState.REJECTED);
        assertThat(r.updates().get(1).reason()).startsWith("not placed").contains("429");
        assertThat(lookups.get()).isZero();
    }

    @Test
    void anOrderThatStaysOpenIsGivenUpAsUnknownAtItsDeadline() throws Exception {
        DocumentedBinance venue = new DocumentedBinance() {
            @Override
            public VenueOrder place(OrderRequest r) {
                return new VenueOrder(r.clientOrderId(), "v1", OrderState.ACKED, r.quantity(), BigDecimal.ZERO, null, BigDecimal.ZERO, null, List.of());
            }

            @Override
            public Optional<VenueOrder> find(String cid, String symbol, BigDecimal quantity, Instant placedAfter) {
                return Optional.of(new VenueOrder(cid, "v1", OrderState.ACKED, quantity, BigDecimal.ZERO, null, BigDecimal.ZERO, null, List.of()));
            }
        };
        OrderExecution.Result r = with(venue).execute(order());
        assertThat(states(r)).containsExactly(OrderState.NEW, OrderState.ACKED, OrderState.UNKNOWN);
        assertThat(r.reason()).contains("executor.order-deadline-ms");
    }

    @Test
    void anAnswerTheVenueRefusesIsRejectedWithItsWordsAndNoLookup() throws Exception {
        DocumentedBinance venue = new DocumentedBinance() {
            @Override
            public VenueOrder place(OrderRequest r) {
                return VenueOrder.rejected(r.clientOrderId(), BigDecimal.ONE, "-2010 Account has insufficient balance");
            }
        };
        OrderExecution.Result r = with(venue).execute(order());
        assertThat(states(r)).containsExactly(OrderState.NEW, OrderState.REJECTED);
        assertThat(r.updates().get(1).reason()).isEqualTo("-2010 Account has insufficient balance");
        assertThat(lookups.get()).isZero();
    }

    @Test
    void aSettledOrderReadAgainProducesNothing() throws Exception {
        DocumentedBinance venue = new DocumentedBinance();
        OrderExecution execution = with(venue);
        RoutedOrder o = order();
        OrderExecution.Result first = execution.execute(o);
        journal.settle(o.orderId(), first.journalState(), first.reason());
        assertThat(journal.get(o.orderId()).map(SendJournal.Entry::state)).contains("FILLED");
        OrderExecution.Result again = execution.execute(o);
        assertThat(again.updates()).isEmpty();
        assertThat(again.fills()).as("each venue execution published once").isEmpty();
        assertThat(venue.placements).hasSize(1);
    }
}
