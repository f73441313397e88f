package tech.tradeos.execution.model.position;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.Side;
import tech.tradeos.execution.model.position.Position;

/**
 * The router's own record of one instrument's positions: the venue-side view the trade path
 * reconciles against (in PAPER mode, the paper adapter's record). It starts from the ledger's positions
 * the first time the instrument is traded, then follows every order the router routes and every fill on
 * {@code execution.fills}; an order stays pending until its fill is seen.
 */
public record RouterPositions(String instrument, Map<String, BigDecimal> quantities, Map<String, PendingOrder> pending) {

    /** An order routed whose fill has not been seen yet. */
    public record PendingOrder(String orderId, String intentId, String venue, Side side, BigDecimal quantity, Instant routedAt) {
    }

    public RouterPositions {
        quantities = Map.copyOf(quantities);
        pending = Map.copyOf(pending);
    }

    /** The first record of an instrument: the ledger's quantities, nothing pending. */
    public static RouterPositions fromLedger(String instrument, List<Position> ledger) {
        Map<String, BigDecimal> q = new HashMap<>();
        for (Position p : ledger) {
            if (p.quantity().signum() != 0) {
                q.put(p.venue(), p.quantity());
            }
        }
        return new RouterPositions(instrument, q, Map.of());
    }

    public boolean hasPending() {
        return !pending.isEmpty();
    }

    public BigDecimal quantity(String venue) {
        return quantities.getOrDefault(venue, BigDecimal.ZERO);
    }

    public RouterPositions withRouted(RoutedOrder order) {
        Map<String, PendingOrder> next = new HashMap<>(pending);
        next.put(order.orderId(), new PendingOrder(order.orderId(), order.intentId(), order.venue(), order.side(),
                order.quantity(), order.routedAt()));
        return new RouterPositions(instrument, quantities, next);
    }

    /** The record after {@code fill}: its order is no longer pending and its venue's quantity moves. */
    public RouterPositions withFill(Fill fill) {
        Map<String, PendingOrder> nextPending = new HashMap<>(pending);
        nextPending.remove(fill.orderId());
        Map<String, BigDecimal> nextQty = new HashMap<>(quantities);
        BigDecimal signed = fill.side() == Side.BUY ? fill.quantity() : fill.quantity().negate();
        BigDecimal q = nextQty.getOrDefault(fill.venue(), BigDecimal.ZERO).add(signed);
        if (q.signum() == 0) {
            nextQty.remove(fill.venue());
        } else {
            nextQty.put(fill.venue(), q);
        }
        return new RouterPositions(instrument, nextQty, nextPending);
    }
}
