package tech.tradeos.execution.model.position;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.FundingRate;

/** docs/README.md §Funding: when a settlement has happened, and what it pays, by hand. */
class FundingSettlementTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant H1 = T0.plusSeconds(3600);

    private static FundingRate record(Instant at, long seq, String rate, Instant next, String mark) {
        return new FundingRate("KRAKEN_FUTURES", "BTC-USD", at, seq, new BigDecimal(rate), null, next, 1,
                mark == null ? null : new BigDecimal(mark));
    }

    @Test
    void aNewerRecordAnnouncingALaterSettlementSettlesTheHeldOneAtItsRateAndMark() {
        FundingSettlement s = FundingSettlement.between(record(T0, 1, "0.0001", H1, "67000"),
                record(H1.plusSeconds(1), 2, "0.0003", H1.plusSeconds(3600), "67100"));
        assertThat(s).isEqualTo(new FundingSettlement("KRAKEN_FUTURES", "BTC-USD", H1, new BigDecimal("0.0001"), new BigDecimal("67000")));
    }

    @Test
    void theSameSettlementStillAheadAnOlderRecordOrNothingHeldSettleNothing() {
        FundingRate held = record(T0, 2, "0.0001", H1, null);
        assertThat(FundingSettlement.between(held, record(T0.plusSeconds(30), 3, "0.0002", H1, null))).isNull();
        assertThat(FundingSettlement.between(held, record(T0.minusSeconds(30), 1, "0.0002", H1.plusSeconds(3600), null))).isNull();
        assertThat(FundingSettlement.between(held, held)).isNull();
        assertThat(FundingSettlement.between(null, held)).isNull();
    }

    @Test
    void aLongPaysAPositiveRateAndAShortReceivesIt() {
        // 0.5 · 67000 · 0.0001 = 3.35
        assertThat(FundingSettlement.payment(new BigDecimal("0.5"), new BigDecimal("67000"), new BigDecimal("0.0001")))
                .isEqualByComparingTo("-3.35");
        assertThat(FundingSettlement.payment(new BigDecimal("-0.5"), new BigDecimal("67000"), new BigDecimal("0.0001")))
                .isEqualByComparingTo("3.35");
        // negative funding: shorts pay, longs receive
        assertThat(FundingSettlement.payment(new BigDecimal("-2"), new BigDecimal("3500.5"), new BigDecimal("-0.00025")))
                .isEqualByComparingTo("-1.750250");
    }
}
