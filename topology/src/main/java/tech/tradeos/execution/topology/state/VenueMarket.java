package tech.tradeos.execution.topology.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.Versioned;
import tech.tradeos.execution.model.paper.AtrState;

/**
 * The market-store value for one venue of one instrument: its newest book, newest funding record and
 * ATR state. One entry per (instrument, venue), so an update rewrites one venue's book, not the
 * instrument's whole market; the entries of an instrument share a key prefix ({@link #prefix}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VenueMarket(BookSnapshot book, FundingRate funding, AtrState atr) {
    public static final VenueMarket EMPTY = new VenueMarket(null, null, AtrState.EMPTY);
    private static final char SEPARATOR = '\u001f';

    public static String key(String instrument, String venue) {
        return instrument + SEPARATOR + venue;
    }

    public static String prefix(String instrument) {
        return instrument + SEPARATOR;
    }

    /** This entry with {@code next} applied, or null when it is not newer than the held book. */
    public VenueMarket withBook(BookSnapshot next) {
        if (!Versioned.supersedes(next, book)) {
            return null;
        }
        AtrState held = atr == null ? AtrState.EMPTY : atr;
        return new VenueMarket(next, funding, held.withMid(next.timestamp(), next.mid()));
    }

    /** This entry with {@code next} applied, or null when it is not newer than the held record. */
    public VenueMarket withFunding(FundingRate next) {
        if (!Versioned.supersedes(next, funding)) {
            return null;
        }
        return new VenueMarket(book, next, atr);
    }
}
