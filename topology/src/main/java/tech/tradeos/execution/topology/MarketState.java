package tech.tradeos.execution.topology;

import java.util.HashMap;
import java.util.Map;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.Versioned;
import tech.tradeos.execution.model.paper.AtrState;
import tech.tradeos.execution.model.routing.InstrumentMarket;
import tech.tradeos.execution.model.routing.OrderBook;

/**
 * The market-store value for one instrument: each venue's newest book and funding record and its
 * ATR state. This is the changelogged form; {@link #toMarket()} prepares it for routing.
 */
public record MarketState(String instrument, Map<String, BookSnapshot> books, Map<String, FundingRate> funding,
                          Map<String, AtrState> atr) {

    public MarketState {
        books = Map.copyOf(books);
        funding = Map.copyOf(funding);
        atr = Map.copyOf(atr);
    }

    public static MarketState empty(String instrument) {
        return new MarketState(instrument, Map.of(), Map.of(), Map.of());
    }

    /** This state with {@code book} applied, or null when it is not newer than the held book. */
    public MarketState withBook(BookSnapshot book) {
        if (!Versioned.supersedes(book, books.get(book.venue()))) {
            return null;
        }
        Map<String, BookSnapshot> nextBooks = new HashMap<>(books);
        nextBooks.put(book.venue(), book);
        Map<String, AtrState> nextAtr = new HashMap<>(atr);
        nextAtr.put(book.venue(), atr.getOrDefault(book.venue(), AtrState.EMPTY)
                .withMid(book.timestamp(), new OrderBook(book).mid()));
        return new MarketState(instrument, nextBooks, funding, nextAtr);
    }

    /** This state with {@code rate} applied, or null when it is not newer than the held record. */
    public MarketState withFunding(FundingRate rate) {
        if (!Versioned.supersedes(rate, funding.get(rate.venue()))) {
            return null;
        }
        Map<String, FundingRate> next = new HashMap<>(funding);
        next.put(rate.venue(), rate);
        return new MarketState(instrument, books, next, atr);
    }

    public InstrumentMarket toMarket() {
        InstrumentMarket market = InstrumentMarket.empty(instrument);
        for (BookSnapshot b : books.values()) {
            market = market.withBook(b);
        }
        for (FundingRate f : funding.values()) {
            market = market.withFunding(f);
        }
        return market;
    }
}
