package tech.tradeos.execution.topology;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.paper.AtrState;
import tech.tradeos.execution.model.paper.PaperFills;
import tech.tradeos.execution.model.routing.InstrumentMarket;
import tech.tradeos.execution.model.routing.OrderBook;

/** PAPER mode (SPEC §6): fills at the chosen venue's latest mid ± m·ATR(14) of its 1-minute mid bars. */
public final class PaperExecutionAdapter implements ExecutionAdapter {
    private final TradeosConfig config;

    public PaperExecutionAdapter(TradeosConfig config) {
        this.config = config;
    }

    @Override
    public Optional<Fill> execute(RoutedOrder order, InstrumentMarket market, AtrState atrState, Instant now) {
        OrderBook book = market.book(order.venue());
        if (book == null) {
            return Optional.empty(); // the router rejects PAPER intents with no book (NO_MARKET_DATA)
        }
        BigDecimal atr = (atrState == null ? AtrState.EMPTY : atrState).atr(book.spread());
        BigDecimal feeBps = config.venues().get(order.venue()).takerFeeBps();
        return Optional.of(PaperFills.fill(order, book.mid(), atr, config.paper().slippageAtrMultiple(), feeBps, now));
    }
}
