package tech.tradeos.execution.topology.processor;

import java.time.Instant;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.config.VenueConfig;
import tech.tradeos.execution.topology.RecordLimits;
import tech.tradeos.execution.topology.state.MarketSerdes;

/**
 * Market data the router can use: for a configured venue that lists the instrument (anything else would
 * grow the market store with state no intent can use), and not stamped further ahead of this router's
 * clock than {@code routing.max-clock-skew-ms} (a book from the future would win newest-wins against
 * every real one after it and freeze the venue), and a book small enough for the router's own topics. What
 * fails goes to the DLQ with the reason.
 */
public final class MarketDataCheck {
    private final TradeosConfig config;
    private final int maxBookBytes;

    public MarketDataCheck(TradeosConfig config) {
        this.config = config;
        this.maxBookBytes = RecordLimits.maxBookBytes(config);
    }

    /**
     * A book whose record on the repartition topic or the market changelog could exceed what the producer or
     * the broker takes is refused here: under exactly-once a refused send aborts the whole transaction, and
     * the same input would be read, sent and aborted again for ever.
     */
    void checkSize(BookSnapshot book) {
        int worst = MarketSerdes.worstCaseBookBytes(book);
        if (worst > maxBookBytes) {
            throw new IllegalArgumentException("book of " + book.bids().size() + "+" + book.asks().size()
                    + " levels could take " + worst + " bytes on the router's own topics, over the " + maxBookBytes
                    + " bytes " + RecordLimits.describe(config) + " allow");
        }
    }

    /** @throws IllegalArgumentException with the reason, when the record is not usable ({@link MarketDataRules}) */
    void check(String venue, String instrument, Instant timestamp, long nowMs) {
        java.util.Optional<String> problem = tech.tradeos.execution.model.MarketDataRules.problem(config, venue, instrument, timestamp, nowMs);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get().replace("ahead of this clock", "ahead of this router's clock"));
        }
    }
}
