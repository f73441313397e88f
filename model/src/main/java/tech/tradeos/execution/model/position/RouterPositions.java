package tech.tradeos.execution.model.position;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.OrderUpdate;
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

    /**
     * An order routed whose fills have not all been seen yet: {@code filled} so far, and once the venue's final
     * state is known ({@code finalQuantity}, from a terminal order update) it is complete when that much filled.
     */
    public record PendingOrder(String orderId, String intentId, String venue, Side side, BigDecimal quantity, Instant routedAt,
                               BigDecimal filled, BigDecimal finalQuantity) {
        public PendingOrder {
            filled = filled == null ? BigDecimal.ZERO : filled; // records stored before partial fills were tracked
        }

        boolean complete() {
            BigDecimal target = finalQuantity != null ? finalQuantity : quantity;
            return filled.compareTo(target) >= 0;
        }
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
                order.quantity(), order.routedAt(), BigDecimal.ZERO, null));
        return new RouterPositions(instrument, quantities, next);
    }

    /**
     * The record after {@code fill}: its venue's quantity moves, and its order stays pending until everything the
     * order will execute has filled (a partial fill keeps the rest pending).
     */
    public RouterPositions withFill(Fill fill) {
        Map<String, PendingOrder> nextPending = new HashMap<>(pending);
        PendingOrder p = nextPending.get(fill.orderId());
        if (p != null) {
            PendingOrder moved = new PendingOrder(p.orderId(), p.intentId(), p.venue(), p.side(), p.quantity(), p.routedAt(),
                    p.filled().add(fill.quantity()), p.finalQuantity());
            if (moved.complete()) {
                nextPending.remove(fill.orderId());
            } else {
                nextPending.put(fill.orderId(), moved);
            }
        }
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

    /**
     * The record after a live order's update: a final state (FILLED, CANCELED, REJECTED, EXPIRED) fixes how much
     * the order executed, so it is released once that much has filled — at once for a rejected or unfilled one.
     */
    public RouterPositions withUpdate(OrderUpdate update) {
        PendingOrder p = pending.get(update.orderId());
        if (p == null || !update.state().terminal()) {
            return this;
        }
        Map<String, PendingOrder> nextPending = new HashMap<>(pending);
        PendingOrder fixed = new PendingOrder(p.orderId(), p.intentId(), p.venue(), p.side(), p.quantity(), p.routedAt(),
                p.filled(), update.filledQuantity());
        if (fixed.complete()) {
            nextPending.remove(update.orderId());
        } else {
            nextPending.put(update.orderId(), fixed);
        }
        return new RouterPositions(instrument, quantities, nextPending);
    }
}
