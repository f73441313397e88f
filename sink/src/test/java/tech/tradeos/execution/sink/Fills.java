package tech.tradeos.execution.sink;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.Counterfactual;
import tech.tradeos.execution.model.Decision;
import tech.tradeos.execution.model.Direction;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.Ids;
import tech.tradeos.execution.model.Market;
import tech.tradeos.execution.model.Mode;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.Side;

/** Orders and fills for the sink's tests. */
final class Fills {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private Fills() {
    }

    static RoutedOrder order(String intentId, Side side, String qty, String signal) {
        return new RoutedOrder(Ids.orderId("BTC-USD", intentId), intentId, "BTC-USD", "KRAKEN_SPOT", "XBT/USD", Market.SPOT, side,
                new BigDecimal(qty), "MARKET", Mode.PAPER, Decision.BEST_COST, new BigDecimal("100"), BigDecimal.ONE,
                BigDecimal.ZERO, new BigDecimal("100"), BigDecimal.ZERO, new BigDecimal("99.9"), signal,
                side == Side.BUY ? Action.OPEN : Action.CLOSE, Direction.LONG, BigDecimal.ONE, T0, T0, List.of());
    }

    /** An OPEN LONG order at {@code venue} with its counterfactual: the static venue, its total, the notional, the savings. */
    static RoutedOrder orderWithCounterfactual(String intentId, String venue, String signal, String staticVenue,
                                               String staticTotal, String chosenTotal, String notional) {
        RoutedOrder o = order(intentId, Side.BUY, "1", signal);
        return new RoutedOrder(o.orderId(), o.intentId(), o.instrument(), venue, o.venueSymbol(), o.market(), o.side(),
                o.quantity(), o.orderType(), o.mode(), o.decision(), o.expectedPrice(), o.fee(), o.carry(),
                new BigDecimal(chosenTotal), o.depthShortfall(), o.arrivalMid(), o.signalType(), o.action(), o.direction(),
                o.expectedHoldHours(), o.intentTime(), o.routedAt(), o.candidates(),
                Counterfactual.of(staticVenue, new BigDecimal(staticTotal), new BigDecimal(chosenTotal), new BigDecimal(notional)));
    }

    static Fill fill(String intentId, Side side, String qty, String price, String fee, String signal, Instant at) {
        String orderId = Ids.orderId("BTC-USD", intentId);
        return new Fill(Ids.paperFillId(orderId), orderId, intentId, "KRAKEN_SPOT", "BTC-USD", side, new BigDecimal(qty),
                new BigDecimal(price), new BigDecimal(fee), Mode.PAPER, new BigDecimal(price), new BigDecimal("99.9"),
                BigDecimal.ZERO, signal, side == Side.BUY ? Action.OPEN : Action.CLOSE, Direction.LONG, at);
    }
}
