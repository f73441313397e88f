package tech.tradeos.execution.model.position;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.Decision;
import tech.tradeos.execution.model.Direction;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.Ids;
import tech.tradeos.execution.model.Market;
import tech.tradeos.execution.model.Mode;
import tech.tradeos.execution.model.OrderState;
import tech.tradeos.execution.model.OrderUpdate;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.Side;

/** The router's record of a live order: pending through partial fills, released by its final update. */
class RouterPositionsTest {
    private static final Instant T0 = Instant.parse("2026-12-03T00:00:00Z");
    private final RoutedOrder order = new RoutedOrder(Ids.orderId("BTC-USD", "i-1"), "i-1", "BTC-USD", "KRAKEN_SPOT", "XBT/USD",
            Market.SPOT, Side.BUY, new BigDecimal("1"), "MARKET", Mode.LIVE, Decision.BEST_COST, new BigDecimal("100"),
            BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal("100"), BigDecimal.ZERO, new BigDecimal("100"), "momentum",
            Action.OPEN, Direction.LONG, BigDecimal.ZERO, T0, T0, List.of());
    private final RouterPositions routed = RouterPositions.fromLedger("BTC-USD", List.of()).withRouted(order);

    private Fill fill(String id, String qty) {
        return new Fill(id, order.orderId(), "i-1", "KRAKEN_SPOT", "BTC-USD", Side.BUY, new BigDecimal(qty), new BigDecimal("100"),
                BigDecimal.ZERO, Mode.LIVE, null, null, null, "momentum", Action.OPEN, Direction.LONG, T0);
    }

    private OrderUpdate update(OrderState state, String filled) {
        return new OrderUpdate(order.orderId(), "i-1", "BTC-USD", "KRAKEN_SPOT", "cid", "O1", state, new BigDecimal("1"),
                new BigDecimal(filled), null, BigDecimal.ZERO, null, T0);
    }

    @Test
    void aPartialFillKeepsTheRestPendingAndTheLastFillReleasesIt() {
        RouterPositions partly = routed.withFill(fill("f1", "0.4"));
        assertThat(partly.hasPending()).isTrue();
        assertThat(partly.pending().get(order.orderId()).filled()).isEqualByComparingTo("0.4");
        assertThat(partly.quantity("KRAKEN_SPOT")).isEqualByComparingTo("0.4");
        RouterPositions done = partly.withFill(fill("f2", "0.6"));
        assertThat(done.hasPending()).isFalse();
        assertThat(done.quantity("KRAKEN_SPOT")).isEqualByComparingTo("1");
    }

    @Test
    void aRejectedOrderIsReleasedAtOnceWithNothingMoved() {
        RouterPositions after = routed.withUpdate(update(OrderState.REJECTED, "0"));
        assertThat(after.hasPending()).isFalse();
        assertThat(after.quantity("KRAKEN_SPOT")).isZero();
    }

    @Test
    void aCanceledRemainderIsReleasedOnceWhatExecutedHasFilledInEitherOrder() {
        // the final update before its fill: the order waits for 0.4
        RouterPositions waiting = routed.withUpdate(update(OrderState.CANCELED, "0.4"));
        assertThat(waiting.hasPending()).isTrue();
        assertThat(waiting.withFill(fill("f1", "0.4")).hasPending()).isFalse();
        // the fill before the final update
        RouterPositions filledFirst = routed.withFill(fill("f1", "0.4"));
        assertThat(filledFirst.hasPending()).isTrue();
        assertThat(filledFirst.withUpdate(update(OrderState.CANCELED, "0.4")).hasPending()).isFalse();
    }

    @Test
    void updatesThatAreNotFinalOrForOtherOrdersChangeNothing() {
        assertThat(routed.withUpdate(update(OrderState.ACKED, "0"))).isSameAs(routed);
        assertThat(routed.withUpdate(update(OrderState.PARTIALLY_FILLED, "0.5"))).isSameAs(routed);
        OrderUpdate other = new OrderUpdate(Ids.orderId("BTC-USD", "other"), "other", "BTC-USD", "KRAKEN_SPOT", "cid", null,
                OrderState.REJECTED, BigDecimal.ONE, BigDecimal.ZERO, null, BigDecimal.ZERO, "no", T0);
        assertThat(routed.withUpdate(other)).isSameAs(routed);
    }

    @Test
    void anOrderUpdateRefusesAFilledQuantityOutsideTheOrderAndCleansTheVenuesReason() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> update(OrderState.FILLED, "1.5"))
                .hasMessageContaining("filledQuantity must be between 0 and quantity 1");
        OrderUpdate u = new OrderUpdate(order.orderId(), "i-1", "BTC-USD", "KRAKEN_SPOT", "cid", null, OrderState.REJECTED,
                BigDecimal.ONE, BigDecimal.ZERO, null, BigDecimal.ZERO, "bad\u0000words" + "x".repeat(600), T0);
        assertThat(u.reason()).doesNotContain("\u0000").hasSize(OrderUpdate.MAX_REASON + 1);
    }
}
