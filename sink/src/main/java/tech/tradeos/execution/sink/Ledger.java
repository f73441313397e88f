package tech.tradeos.execution.sink;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import tech.tradeos.execution.model.ClosedTrade;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.FundingPayment;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.OrderUpdate;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.position.Position;
import tech.tradeos.execution.model.position.PositionMath;
import tech.tradeos.execution.model.tca.TcaMath;

/**
 * Applies a batch of routed orders and fills to PostgreSQL in one transaction, together with the
 * topic offsets they came from. Every insert is idempotent, and a position changes only for a fill
 * whose row is new, so a redelivered batch changes nothing. Positions are locked in key order, so
 * several sinks never deadlock on them.
 *
 * <p>An order recorded before its fill makes its position UNCONFIRMED (one more pending order);
 * the fill confirms it. A fill recorded before its order (they come from different topics) confirms
 * the order as it arrives. A live order's final update (FILLED, CANCELED, REJECTED, EXPIRED) settles it too:
 * a rejected order never fills, and must not leave its position UNCONFIRMED. Funding records in the batch book the
 * settlements they show to have happened ({@link FundingBook}) on the positions held at those instants.
 */
public final class Ledger {
    private final Jdbi jdbi;

    public Ledger(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** What a committed batch changed: for the cache and the TCA. */
    public record Applied(List<Fill> newFills, List<ClosedTrade> closedTrades, List<Position> positions,
                          List<FundingDao.Payment> fundingPayments) {
    }

    public Applied apply(List<RoutedOrder> orders, List<Fill> fills, List<OffsetDao.OffsetRow> offsets) {
        return apply(orders, fills, List.of(), offsets);
    }

    public Applied apply(List<RoutedOrder> orders, List<Fill> fills, List<OrderUpdate> updates, List<OffsetDao.OffsetRow> offsets) {
        return apply(orders, fills, updates, List.of(), offsets);
    }

    /** {@code funding}: perp venues' funding records, whose settlements are booked on the positions held then. */
    public Applied apply(List<RoutedOrder> orders, List<Fill> fills, List<OrderUpdate> updates, List<FundingRate> funding,
                         List<OffsetDao.OffsetRow> offsets) {
        return apply(orders, fills, updates, funding, List.of(), offsets);
    }

    /** {@code reported}: LIVE funding payments as the venues booked them on the account. */
    public Applied apply(List<RoutedOrder> orders, List<Fill> fills, List<OrderUpdate> updates, List<FundingRate> funding,
                         List<FundingPayment> reported, List<OffsetDao.OffsetRow> offsets) {
        return jdbi.inTransaction(handle -> apply(handle, orders, fills, updates, funding, reported, offsets));
    }

    private Applied apply(Handle handle, List<RoutedOrder> orders, List<Fill> fills, List<OrderUpdate> updates,
                          List<FundingRate> funding, List<FundingPayment> reported, List<OffsetDao.OffsetRow> offsets) {
        FillDao fillDao = handle.attach(FillDao.class);
        RoutedOrderDao orderDao = handle.attach(RoutedOrderDao.class);
        PositionDao positionDao = handle.attach(PositionDao.class);

        Set<String> newOrders = orders.isEmpty() ? Set.of()
                : new HashSet<>(orderDao.insertNew(orders.stream().map(RoutedOrderDao.OrderRow::new).toList()));
        Set<String> newFillIds = fills.isEmpty() ? Set.of()
                : new HashSet<>(fillDao.insertNew(fills.stream().map(f -> new FillDao.FillRow(f,
                TcaMath.arrivalShortfallBps(f.side().sign(), f.price(), f.arrivalMid()))).toList()));
        List<Fill> newFills = fills.stream().filter(f -> newFillIds.contains(f.fillId())).toList();
        Set<String> newUpdates = updates.isEmpty() ? Set.of()
                : new HashSet<>(handle.attach(OrderUpdateDao.class).insertNew(updates.stream().map(OrderUpdateDao.UpdateRow::new).toList()));
        List<OrderUpdate> settling = updates.stream()
                .filter(u -> u.state().terminal() && newUpdates.contains(u.orderId() + "/" + u.state().name())).toList();

        // the positions this batch touches, created if missing and locked in key order
        TreeMap<String, String[]> keys = new TreeMap<>();
        orders.stream().filter(o -> newOrders.contains(o.orderId()))
                .forEach(o -> keys.put(key(o.instrument(), o.venue()), new String[]{o.instrument(), o.venue()}));
        newFills.forEach(f -> keys.put(key(f.instrument(), f.venue()), new String[]{f.instrument(), f.venue()}));
        settling.forEach(u -> keys.put(key(u.instrument(), u.venue()), new String[]{u.instrument(), u.venue()}));
        List<tech.tradeos.execution.model.position.FundingSettlement> settlements = funding.isEmpty() ? List.of() : FundingBook.advance(handle, funding);
        settlements.forEach(s -> keys.put(key(s.instrument(), s.venue()), new String[]{s.instrument(), s.venue()}));
        reported.forEach(r -> keys.put(key(r.instrument(), r.venue()), new String[]{r.instrument(), r.venue()}));
        TreeMap<String, Position> touched = new TreeMap<>();
        if (!keys.isEmpty()) {
            String[] instruments = keys.values().stream().map(k -> k[0]).toArray(String[]::new);
            String[] venues = keys.values().stream().map(k -> k[1]).toArray(String[]::new);
            positionDao.ensure(instruments, venues);
            for (Position p : positionDao.lock(instruments, venues)) {
                touched.put(key(p.instrument(), p.venue()), p);
            }
        }

        // a new order whose fill is already recorded is filled at once; otherwise its position awaits it
        Set<String> alreadyFilled = newOrders.isEmpty() ? Set.of()
                : new HashSet<>(fillDao.filledAmong(List.copyOf(newOrders)));
        if (!alreadyFilled.isEmpty()) {
            orderDao.markFilled(List.copyOf(alreadyFilled));
        }
        for (RoutedOrder o : orders) {
            if (newOrders.contains(o.orderId()) && !alreadyFilled.contains(o.orderId())) {
                touched.computeIfPresent(key(o.instrument(), o.venue()), (k, p) -> p.withPending(p.pendingOrders() + 1));
            }
        }
        // a new fill confirms its order if that order was recorded and still waiting
        if (!newFills.isEmpty()) {
            Set<String> confirmed = new HashSet<>(orderDao.markFilled(newFills.stream().map(Fill::orderId).distinct().toList()));
            for (Fill f : newFills) {
                if (confirmed.remove(f.orderId())) {
                    touched.computeIfPresent(key(f.instrument(), f.venue()), (k, p) -> p.withPending(p.pendingOrders() - 1));
                }
            }
        }
        // a live order's final update settles it if no fill did (a rejected or unfilled order never will)
        if (!settling.isEmpty()) {
            Set<String> settled = new HashSet<>(orderDao.markFilled(settling.stream().map(OrderUpdate::orderId).distinct().toList()));
            for (OrderUpdate u : settling) {
                if (settled.remove(u.orderId())) {
                    touched.computeIfPresent(key(u.instrument(), u.venue()), (k, p) -> p.withPending(p.pendingOrders() - 1));
                }
            }
        }
        List<ClosedTrade> closed = new ArrayList<>();
        for (Fill f : newFills) {
            String k = key(f.instrument(), f.venue());
            PositionMath.Applied applied = PositionMath.apply(touched.get(k), f);
            touched.put(k, applied.position());
            if (applied.closed() != null) {
                closed.add(applied.closed());
            }
        }
        // after the fills: a settlement's quantity is summed from every fill up to its instant, this batch's included
        List<FundingDao.Payment> payments = new ArrayList<>(settlements.isEmpty() ? List.of()
                : FundingBook.book(handle, settlements, touched, Ledger::key));
        if (!reported.isEmpty()) {
            payments.addAll(FundingBook.bookReported(handle, reported, touched, Ledger::key));
        }
        if (!touched.isEmpty()) {
            positionDao.update(touched.values().stream().map(PositionDao.PositionRow::new).toList());
        }
        if (!closed.isEmpty()) {
            handle.attach(ClosedTradeDao.class).insert(closed.stream().map(ClosedTradeDao.TradeRow::new).toList());
        }
        if (!offsets.isEmpty()) {
            handle.attach(OffsetDao.class).save(offsets);
        }
        return new Applied(newFills, closed, List.copyOf(touched.values()), payments);
    }

    private static String key(String instrument, String venue) {
        return instrument + "\u0000" + venue;
    }
}
