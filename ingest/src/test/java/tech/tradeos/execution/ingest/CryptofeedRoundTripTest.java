package tech.tradeos.execution.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.PriceLevel;
import tech.tradeos.execution.model.json.Json;

/** What the demo and the benchmark write in cryptofeed's format reads back, through the bridge's own decoder, to the same book. */
class CryptofeedRoundTripTest {
    private static final CryptofeedFormat.Source KRAKEN = new CryptofeedFormat.Source("KRAKEN", "BTC-USD");

    @Test
    void snapshotsAndDeltasOfRandomBooksReadBackExactly() throws Exception {
        Random random = new Random(42);
        LocalBook local = new LocalBook("KRAKEN_SPOT", "BTC-USD");
        BookSnapshot before = book(random, 1);
        apply(local, CryptofeedFormat.snapshot(KRAKEN, before, before.timestamp()));
        assertThat(same(local.toSnapshot(50), before)).isTrue();
        for (int i = 2; i < 300; i++) {
            BookSnapshot after = book(random, i);
            apply(local, CryptofeedFormat.delta(KRAKEN, before, after, after.timestamp()));
            assertThat(same(local.toSnapshot(50), after)).as("after delta %d", i).isTrue();
            before = after;
        }
    }

    @Test
    void krakenFuturesFundingIsWrittenAbsoluteAndReadBackRelative() throws Exception {
        Instant now = Instant.parse("2026-12-03T08:00:00Z");
        FundingRate rate = new FundingRate("KRAKEN_FUTURES", "BTC-USD", now, now.toEpochMilli(), new BigDecimal("0.00001"),
                new BigDecimal("0.00002"), now.plusSeconds(3600), 1);
        var written = CryptofeedFormat.funding(new CryptofeedFormat.Source("KRAKEN_FUTURES", "BTC-USD-PERP"), rate,
                new BigDecimal("67000"), now);
        assertThat((BigDecimal) written.get("rate")).isEqualByComparingTo("0.67"); // 0.00001 × 67000
        CryptofeedMessage.Funding read = CryptofeedMessage.funding(Json.toTree(written));
        FundingRate back = new FundingRules(java.util.Map.of("KRAKEN_FUTURES", 1)).toRate("KRAKEN_FUTURES", "BTC-USD", read, null);
        assertThat(back.rate()).isEqualByComparingTo("0.00001");
        assertThat(back.predictedRate()).isEqualByComparingTo("0.00002");
        assertThat(back.nextFundingTime()).isEqualTo(now.plusSeconds(3600));
    }

    private static void apply(LocalBook local, java.util.Map<String, Object> message) throws Exception {
        CryptofeedMessage m = CryptofeedMessage.book(Json.tree(Json.text(message)));
        if (m instanceof CryptofeedMessage.Snapshot s) {
            local.snapshot(s.bids(), s.asks(), s.stamp());
        } else {
            CryptofeedMessage.Delta d = (CryptofeedMessage.Delta) m;
            assertThat(local.delta(d.bids(), d.asks(), d.stamp())).isTrue();
        }
    }

    /** Levels equal in price and size (compareTo: the wire may drop trailing zeros) and the same time. */
    private static boolean same(BookSnapshot a, BookSnapshot b) {
        return a.timestamp().equals(b.timestamp()) && sameSide(a.bids(), b.bids()) && sameSide(a.asks(), b.asks());
    }

    private static boolean sameSide(List<PriceLevel> a, List<PriceLevel> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).price().compareTo(b.get(i).price()) != 0 || a.get(i).size().compareTo(b.get(i).size()) != 0) {
                return false;
            }
        }
        return true;
    }

    /** A random uncrossed book on a 0.5 tick around 67 000, 1–30 levels a side, levels coming and going. */
    private static BookSnapshot book(Random random, long sequence) {
        List<PriceLevel> bids = new ArrayList<>();
        List<PriceLevel> asks = new ArrayList<>();
        BigDecimal bid = new BigDecimal("67000.0").subtract(BigDecimal.valueOf(random.nextInt(4)).multiply(new BigDecimal("0.5")));
        BigDecimal ask = new BigDecimal("67000.5").add(BigDecimal.valueOf(random.nextInt(4)).multiply(new BigDecimal("0.5")));
        int levels = 1 + random.nextInt(30);
        for (int i = 0; i < levels; i++) {
            bids.add(new PriceLevel(bid, size(random)));
            asks.add(new PriceLevel(ask, size(random)));
            bid = bid.subtract(new BigDecimal("0.5").multiply(BigDecimal.valueOf(1 + random.nextInt(2))));
            ask = ask.add(new BigDecimal("0.5").multiply(BigDecimal.valueOf(1 + random.nextInt(2))));
        }
        return new BookSnapshot("KRAKEN_SPOT", "BTC-USD", Instant.parse("2026-12-03T08:00:00Z").plusMillis(sequence * 137),
                sequence, bids, asks);
    }

    private static BigDecimal size(Random random) {
        return random.nextInt(3) == 0 ? new BigDecimal("1.5") : BigDecimal.valueOf(1 + random.nextInt(5000), 3);
    }
}
