package tech.tradeos.execution.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small builders for the messages tests speak about. */
public final class Fixtures {
    public static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private Fixtures() {
    }

    public static ApprovedIntent intent(Direction direction, Action action, String quantity, double holdHours) {
        return new ApprovedIntent("i-1", "BTC-USD", direction, action, new BigDecimal(quantity), Market.ANY,
                "momentum", 0.8, BigDecimal.valueOf(holdHours), T0);
    }

    public static ApprovedIntent openLong(String quantity) {
        return intent(Direction.LONG, Action.OPEN, quantity, 0);
    }

    public static ApprovedIntent openShort(String quantity) {
        return intent(Direction.SHORT, Action.OPEN, quantity, 0);
    }

    /** {@code levels} alternates price, size: {@code "67000.4", "0.30", "67001.2", "2.00"}. */
    public static List<PriceLevel> levels(String... priceSize) {
        List<PriceLevel> out = new ArrayList<>();
        for (int i = 0; i < priceSize.length; i += 2) {
            out.add(PriceLevel.of(priceSize[i], priceSize[i + 1]));
        }
        return out;
    }

    public static BookSnapshot book(String venue, long ageMs, List<PriceLevel> bids, List<PriceLevel> asks) {
        return new BookSnapshot(venue, "BTC-USD", T0.minusMillis(ageMs), 1L, bids, asks);
    }

    /** A one-level book each side around {@code bid}/{@code ask} with {@code size} on each, {@code ageMs} old. */
    public static BookSnapshot book(String venue, long ageMs, String bid, String ask, String size) {
        return book(venue, ageMs, levels(bid, size), levels(ask, size));
    }

    public static FundingRate funding(String venue, String rate, String predicted, Instant next, int intervalHours) {
        return new FundingRate(venue, "BTC-USD", T0.minusSeconds(60), 1L, new BigDecimal(rate),
                predicted == null ? null : new BigDecimal(predicted), next, intervalHours);
    }

    public static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }
}
