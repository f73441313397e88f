package tech.tradeos.execution.topology.processor;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import tech.tradeos.execution.model.Decimals;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.paper.AtrState;
import tech.tradeos.execution.model.paper.PaperFillModel;
import tech.tradeos.execution.model.paper.PaperFills;
import tech.tradeos.execution.model.routing.BookWalk;
import tech.tradeos.execution.model.routing.InstrumentMarket;
import tech.tradeos.execution.model.routing.OrderBook;

/**
 * PAPER mode's fill (docs/README.md §Routing), made inside the router's transaction because it is pure: the chosen
 * venue's latest mid (or, with {@code paper.fill-model: BOOK_WALK}, the VWAP of the order's size on its latest book)
 * ± m·ATR(14) of its 1-minute mid bars. LIVE orders are not filled here: they leave on
 * {@code execution.orders.routed} for the execution stage ({@code tradeos-executor}), which talks to the
 * venues off the stream thread and publishes their fills.
 */
public final class PaperFiller {
    private final TradeosConfig config;

    public PaperFiller(TradeosConfig config) {
        this.config = config;
    }

    /** The paper fill of {@code order}; empty when the venue never had a book (the router rejects that as NO_MARKET_DATA). */
    public Optional<Fill> fill(RoutedOrder order, InstrumentMarket market, AtrState atrState, Instant now) {
        OrderBook book = market.book(order.venue());
        if (book == null) {
            return Optional.empty();
        }
        BigDecimal atr = (atrState == null ? AtrState.EMPTY : atrState).atr(book.spread());
        BigDecimal feeBps = config.venues().get(order.venue()).takerFeeBps();
        BigDecimal mid = book.mid();
        return Optional.of(PaperFills.fill(order, reference(order, book, mid), mid, atr,
                config.paper().slippageAtrMultiple(), feeBps, now));
    }

    /** The mid, or under BOOK_WALK the VWAP of the order's size on the book now (the mid when its side is empty). */
    private BigDecimal reference(RoutedOrder order, OrderBook book, BigDecimal mid) {
        if (config.paper().fillModel() != PaperFillModel.BOOK_WALK) {
            return mid;
        }
        BookWalk.Levels side = book.levels(order.side());
        if (side.isEmpty()) {
            return mid;
        }
        return Decimals.divide(BookWalk.walk(side, order.quantity()).notional(), order.quantity());
    }
}
