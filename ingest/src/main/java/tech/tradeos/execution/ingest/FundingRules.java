package tech.tradeos.execution.ingest;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import tech.tradeos.execution.model.FundingRate;

/**
 * Funding as the router expects it (docs/README.md §Messages: {@code rate} a fraction of notional per settlement,
 * settlements every {@code intervalHours}). Kraken Futures reports an absolute rate — quote currency per
 * contract per settlement — so it is divided by the mark price (the message's, else the bridge's book mid of
 * that venue); the others report the relative rate already. Intervals come from each venue's schedule
 * ({@code ingest.funding-interval-hours}: Kraken Futures 1 h; Binance and Bybit 8 h by default).
 */
final class FundingRules {
    static final String ABSOLUTE_RATE_VENUE = "KRAKEN_FUTURES";
    private static final int DEFAULT_INTERVAL_HOURS = 8;

    private final Map<String, Integer> intervalHours;

    FundingRules(Map<String, Integer> intervalHours) {
        this.intervalHours = intervalHours;
    }

    /** The router's record for {@code f} on {@code venue}; {@code bookMid} (may be null) stands in for a missing mark. */
    FundingRate toRate(String venue, String instrument, CryptofeedMessage.Funding f, BigDecimal bookMid) {
        BigDecimal rate = f.rate();
        BigDecimal predicted = f.predictedRate();
        if (venue.equals(ABSOLUTE_RATE_VENUE)) {
            BigDecimal mark = f.markPrice() != null ? f.markPrice() : bookMid;
            if (mark == null) {
                throw new IllegalArgumentException(venue + " reports an absolute funding rate and there is no mark price"
                        + " (none in the message, no book of " + instrument + " yet) to make it relative");
            }
            rate = relative(rate, mark);
            predicted = predicted == null ? null : relative(predicted, mark);
        }
        return new FundingRate(venue, instrument, f.stamp().at(), f.stamp().at().toEpochMilli(), rate, predicted,
                f.nextFundingTime(), intervalHours.getOrDefault(venue, DEFAULT_INTERVAL_HOURS), f.markPrice());
    }

    private static BigDecimal relative(BigDecimal absolute, BigDecimal mark) {
        return absolute.divide(mark, MathContext.DECIMAL64).stripTrailingZeros();
    }
}
