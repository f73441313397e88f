package tech.tradeos.execution.model.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.Direction;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.Market;
import tech.tradeos.execution.model.PriceLevel;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.Side;
import tech.tradeos.execution.model.config.TestConfigs;
import tech.tradeos.execution.model.config.TradeosConfig;

/**
 * The router screens totals with doubles; this proves, on random markets full of near-ties, that it
 * picks exactly the venue a plain BigDecimal evaluation of docs/README.md §Routing picks, with the same figures.
 */
class RoutingExactnessTest {
    private static final TradeosConfig GLOBAL = TestConfigs.with("region: GLOBAL");
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void theChosenVenueIsTheExactArgminOnRandomMarkets() {
        Random random = new Random(7);
        SmartOrderRouter router = new SmartOrderRouter(GLOBAL);
        List<String> priority = GLOBAL.priorityOrder();
        int nearTies = 0;
        for (int run = 0; run < 5_000; run++) {
            Direction direction = random.nextBoolean() ? Direction.LONG : Direction.SHORT;
            ApprovedIntent intent = new ApprovedIntent("i-" + run, "BTC-USD", direction, Action.OPEN,
                    BigDecimal.valueOf(1 + random.nextInt(300), random.nextInt(3)), Market.ANY, "s", null,
                    BigDecimal.valueOf(random.nextInt(100)), T0);
            InstrumentMarket market = InstrumentMarket.empty("BTC-USD");
            // venues draw their books from a pool of three that differ in the last digits only, so many totals
            // are within double precision of each other, and venues with equal fees tie exactly
            long base = 6_700_000_000L;
            List<BookSnapshot> pool = List.of(randomBook(random, "X", base), randomBook(random, "X", base),
                    randomBook(random, "X", base));
            for (String venue : GLOBAL.venues().keySet()) {
                BookSnapshot drawn = pool.get(random.nextInt(pool.size()));
                market = market.withBook(new BookSnapshot(venue, "BTC-USD", drawn.timestamp(), 1L, drawn.bids(), drawn.asks()));
                if (GLOBAL.venues().get(venue).market() == Market.PERP) {
                    market = market.withFunding(new FundingRate(venue, "BTC-USD", T0, 0L,
                            BigDecimal.valueOf(random.nextInt(3) - 1, 4), null, T0.plusSeconds(600), 1 + random.nextInt(8)));
                }
            }
            InstrumentMarket view = market;
            RoutingOutcome.Routed routed = (RoutingOutcome.Routed) router.route(intent, view, null);
            RoutedOrder order = routed.decision().toRoutedOrder(T0);

            List<VenueQuote> contenders = routed.decision().quotes().stream().filter(VenueQuote::eligible).toList();
            VenueQuote expected = contenders.stream()
                    .min(Comparator.comparing((VenueQuote q) -> referenceTotal(q, intent, view))
                            .thenComparing(q -> priority.indexOf(q.venue())))
                    .orElseThrow();
            assertThat(order.venue()).as("run %d", run).isEqualTo(expected.venue());
            assertThat(order.totalCost()).as("run %d", run).isEqualByComparingTo(referenceTotal(expected, intent, view));
            long close = contenders.stream().filter(q -> q != routed.decision().chosen()
                    && Math.abs(q.approxTotal() - routed.decision().chosen().approxTotal()) < 1e-6).count();
            nearTies += close > 0 ? 1 : 0;
        }
        assertThat(nearTies).as("runs that needed the exact comparison").isGreaterThan(150);
    }

    /** docs/README.md §Routing in BigDecimal, from the snapshot itself. */
    private static BigDecimal referenceTotal(VenueQuote q, ApprovedIntent intent, InstrumentMarket market) {
        Side side = intent.side();
        BigDecimal remaining = intent.quantity();
        BigDecimal n = BigDecimal.ZERO;
        List<PriceLevel> levels = market.book(q.venue()).snapshot().levelsFor(side);
        for (PriceLevel l : levels) {
            BigDecimal take = remaining.min(l.size());
            n = n.add(l.price().multiply(take));
            remaining = remaining.subtract(take);
        }
        n = n.add(levels.get(levels.size() - 1).price().multiply(remaining));
        BigDecimal fee = q.venueConfig().takerFeeBps().divide(BigDecimal.valueOf(10_000)).multiply(n);
        BigDecimal carry = BigDecimal.ZERO;
        FundingRate f = market.funding(q.venue());
        if (f != null) {
            long end = intent.holdEndMillis();
            for (long k = 0; ; k++) {
                long t = f.nextFundingTime().toEpochMilli() + k * f.intervalHours() * 3_600_000L;
                if (t > end) {
                    break;
                }
                if (t > T0.toEpochMilli()) {
                    carry = carry.add(n.multiply(k == 0 ? f.rate() : f.laterRate()));
                }
            }
            carry = carry.multiply(BigDecimal.valueOf(intent.direction().sign()));
        }
        return n.multiply(BigDecimal.valueOf(side.sign())).add(fee).add(carry);
    }

    private static BookSnapshot randomBook(Random random, String venue, long base) {
        long bid = base - random.nextInt(3);
        long ask = base + 1 + random.nextInt(3);
        var bids = new java.util.ArrayList<PriceLevel>();
        var asks = new java.util.ArrayList<PriceLevel>();
        for (int i = 0; i < 5; i++) {
            bids.add(new PriceLevel(BigDecimal.valueOf(bid - i * (1L + random.nextInt(2)), 5), BigDecimal.valueOf(1 + random.nextInt(100), 1)));
            asks.add(new PriceLevel(BigDecimal.valueOf(ask + i * (1L + random.nextInt(2)), 5), BigDecimal.valueOf(1 + random.nextInt(100), 1)));
            bid = bids.get(i).price().movePointRight(5).longValueExact() - 1;
            ask = asks.get(i).price().movePointRight(5).longValueExact() + 1;
        }
        return new BookSnapshot(venue, "BTC-USD", T0.minusMillis(random.nextInt(100)), 1L, bids, asks);
    }
}
