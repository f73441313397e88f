package tech.tradeos.execution.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.executor.venue.InstrumentRules;
import tech.tradeos.execution.executor.venue.OrderRequest;
import tech.tradeos.execution.executor.venue.VenueAdapter;
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

/** What the execution does with answers it cannot use: never a crash, always a reason or a retry. */
class OrderExecutionTest {
    private final RoutedOrder order = new RoutedOrder(Ids.orderId("BTC-USD", "i-1"), "i-1", "BTC-USD", "KRAKEN_SPOT", "XBT/USD",
            Market.SPOT, Side.BUY, BigDecimal.ONE, "MARKET", Mode.LIVE, Decision.BEST_COST, new BigDecimal("100"), BigDecimal.ZERO,
            BigDecimal.ZERO, new BigDecimal("100"), BigDecimal.ZERO, new BigDecimal("100"), "momentum", Action.OPEN,
            Direction.LONG, BigDecimal.ZERO, Instant.now(), Instant.now(), List.of());
    private final AtomicInteger lookups = new AtomicInteger();

    private OrderExecution with(VenueAdapter adapter) {
        return new OrderExecution(ConfigLoader.load(null, Map.of()).executor(), Map.of("KRAKEN_SPOT", adapter), Clock.systemUTC(), d -> { });
    }

    private VenueAdapter adapter(java.util.function.Supplier<VenueOrder> place, java.util.function.Supplier<Optional<VenueOrder>> find) {
        return new VenueAdapter() {
            public String venue() { return "KRAKEN_SPOT"; }
            public InstrumentRules rules(String symbol) {
                return new InstrumentRules("KRAKEN_SPOT", symbol, new BigDecimal("0.0001"), new BigDecimal("0.1"), new BigDecimal("0.0001"), BigDecimal.ZERO);
            }
            public VenueOrder place(OrderRequest request) { return place.get(); }
            public Optional<VenueOrder> find(String c, String s, BigDecimal q, Instant a) {
                lookups.incrementAndGet();
                return find.get();
            }
            public Map<String, BigDecimal> positions() { return Map.of(); }
            public void close() { }
        };
    }

    @Test
    void aMalformedAnswerToThePlacementIsLookedUpAndEndsAsAnUpdateWithTheReason() throws Exception {
        OrderExecution.Result r = with(adapter(() -> {
            throw new VenueUnavailable("KRAKEN_SPOT /0/private/AddOrder answered 200 with malformed JSON");
        }, Optional::empty)).execute(order, false);
        assertThat(r.updates()).extracting(OrderUpdate::state).containsExactly(OrderState.NEW, OrderState.REJECTED);
        assertThat(r.updates().get(1).reason()).startsWith("never reached the venue").contains("malformed JSON");
        assertThat(lookups.get()).as("executor.lookup-attempts").isEqualTo(5);
    }

    @Test
    void aVenueThatCannotBeAskedAfterTheOrderMayHaveBeenSentLeavesTheOutcomeUnknownInsteadOfGuessing() {
        OrderExecution execution = with(adapter(() -> {
            throw new VenueUnavailable("timed out");
        }, () -> {
            throw new IllegalStateException("KRAKEN_SPOT OpenOrders: EGeneral:Internal error");
        }));
        assertThatThrownBy(() -> execution.execute(order, false)).isInstanceOf(OrderExecution.OutcomeUnknown.class)
                .hasMessageContaining("Internal error");
    }

    @Test
    void anAnswerTheVenueRefusesIsRejectedWithItsWordsAndNoLookup() throws Exception {
        OrderExecution.Result r = with(adapter(() -> VenueOrder.rejected("c", BigDecimal.ONE, "EOrder:Unknown order"),
                Optional::empty)).execute(order, false);
        assertThat(r.updates()).extracting(OrderUpdate::state).containsExactly(OrderState.NEW, OrderState.REJECTED);
        assertThat(r.updates().get(1).reason()).isEqualTo("EOrder:Unknown order");
        assertThat(lookups.get()).isZero();
    }
}
