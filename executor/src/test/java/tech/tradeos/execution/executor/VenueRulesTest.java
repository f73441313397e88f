package tech.tradeos.execution.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.executor.venue.ClientOrderIds;
import tech.tradeos.execution.executor.venue.InstrumentRules;
import tech.tradeos.execution.executor.venue.RateLimiter;
import tech.tradeos.execution.model.Ids;
import tech.tradeos.execution.model.Side;

/** Lot and tick rounding, venue minimums, client-id formats and the rate limiter, with hand-computed values. */
class VenueRulesTest {
    // Kraken's XBTUSD as AssetPairs reports it: lot_decimals 8, tick_size 0.1, ordermin 0.00005, costmin 0.5
    private final InstrumentRules xbt = new InstrumentRules("KRAKEN_SPOT", "XBTUSD", new BigDecimal("0.00000001"),
            new BigDecimal("0.1"), new BigDecimal("0.00005"), new BigDecimal("0.5"));

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    @Test
    void quantitiesRoundDownToTheLotStep() {
        assertThat(xbt.roundQuantity(d("0.123456789"))).isEqualByComparingTo("0.12345678");
        assertThat(xbt.roundQuantity(d("1"))).isEqualByComparingTo("1");
        assertThat(xbt.roundQuantity(d("0.000000009"))).isEqualByComparingTo("0");
        InstrumentRules contracts = new InstrumentRules("KRAKEN_FUTURES", "PF_XBTUSD", d("0.001"), d("1"), d("0.001"), d("0"));
        assertThat(contracts.roundQuantity(d("0.0519"))).isEqualByComparingTo("0.051");
    }

    @Test
    void theLimitPriceIsTheBoundRoundedToTheTickOnItsSafeSide() {
        // buy: 67000.72 × (1 + 25 bps) = 67168.2218 → down to the tick: 67168.2
        assertThat(xbt.limitPrice(Side.BUY, d("67000.72"), d("25"))).isEqualByComparingTo("67168.2");
        // sell: 67000.72 × (1 − 25 bps) = 66833.2182 → up to the tick: 66833.3
        assertThat(xbt.limitPrice(Side.SELL, d("67000.72"), d("25"))).isEqualByComparingTo("66833.3");
        // a bound already on the tick stays
        assertThat(xbt.limitPrice(Side.BUY, d("100"), d("0"))).isEqualByComparingTo("100");
    }

    @Test
    void ordersBelowTheVenuesMinimumsAreRefusedWithTheReason() {
        assertThat(xbt.refusal(d("0.00004"), d("67000"))).isEqualTo("quantity 0.00004 is below KRAKEN_SPOT's minimum 0.00005 for XBTUSD");
        assertThat(xbt.refusal(d("0"), d("67000"))).startsWith("quantity rounds to 0");
        InstrumentRules costly = new InstrumentRules("KRAKEN_SPOT", "XBTUSD", d("0.00000001"), d("0.1"), d("0.00005"), d("5"));
        // 0.00005 × 67000 = 3.35 < 5
        assertThat(costly.refusal(d("0.00005"), d("67000"))).isEqualTo("notional 3.35 is below KRAKEN_SPOT's minimum 5 for XBTUSD");
        assertThat(xbt.refusal(d("0.00005"), d("67000"))).isNull();
    }

    @Test
    void clientOrderIdsAreTheOrderIdsUuidForBothKrakenVenues() {
        String orderId = Ids.orderId("BTC-USD", "i-1");
        String uuid = orderId.substring(4);
        assertThat(ClientOrderIds.of("KRAKEN_SPOT", orderId)).isEqualTo(uuid)
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"); // Kraken's "long UUID"
        assertThat(ClientOrderIds.of("KRAKEN_FUTURES", orderId)).isEqualTo(uuid).hasSizeLessThanOrEqualTo(100);
        assertThat(ClientOrderIds.of("KRAKEN_SPOT", orderId)).as("deterministic").isEqualTo(ClientOrderIds.of("KRAKEN_SPOT", orderId));
        assertThatThrownBy(() -> ClientOrderIds.of("KRAKEN_SPOT", "ord-not-a-uuid-at-all-0000000000000000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientOrderIds.of("NOWHERE", orderId)).hasMessageContaining("NOWHERE");
    }

    @Test
    void rulesAreReadAgainAfterAnHourAndTheLastKnownHoldWhileTheVenueCannotAnswer() {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
                new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-12-03T00:00:00Z"));
        java.time.Clock clock = new java.time.Clock() {
            public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
            public java.time.Clock withZone(java.time.ZoneId zone) { return this; }
            public java.time.Instant instant() { return now.get(); }
        };
        tech.tradeos.execution.executor.venue.RulesCache cache = new tech.tradeos.execution.executor.venue.RulesCache(symbol -> {
            if (down.get()) {
                throw new IllegalStateException("AssetPairs did not answer");
            }
            reads.incrementAndGet();
            return xbt;
        }, clock);
        cache.get("XBTUSD");
        cache.get("XBTUSD");
        assertThat(reads).hasValue(1);
        now.set(now.get().plus(java.time.Duration.ofMinutes(61)));
        cache.get("XBTUSD");
        assertThat(reads).as("refreshed after an hour").hasValue(2);
        now.set(now.get().plus(java.time.Duration.ofMinutes(61)));
        down.set(true);
        assertThat(cache.get("XBTUSD")).as("the last rules while the venue is down").isEqualTo(xbt);
        assertThatThrownBy(() -> cache.get("ETHUSD")).hasMessageContaining("did not answer");
    }

    @Test
    void theRateLimiterLetsABurstThroughThenPacesAtItsRate() {
        RateLimiter limiter = new RateLimiter(10, 3); // 10 a second: one every 100 ms
        long t0 = 1_000_000_000L;
        limiter.reserveNanos(t0); // resets its clock to t0 with a full bucket less one
        assertThat(limiter.reserveNanos(t0)).isZero();
        assertThat(limiter.reserveNanos(t0)).isZero();
        assertThat(limiter.reserveNanos(t0)).isEqualTo(100_000_000L);
        assertThat(limiter.reserveNanos(t0)).isEqualTo(200_000_000L);
        assertThat(limiter.reserveNanos(t0 + 1_000_000_000L)).as("refilled after a second").isZero();
    }
}
