package tech.tradeos.execution.model.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static tech.tradeos.execution.model.Fixtures.funding;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.FundingRate;

/** docs/README.md §Routing: which settlements a hold window counts, and what they sum to. */
class FundingWindowTest {
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    private static FundingWindow window(FundingRate f, double holdHours) {
        long start = START.toEpochMilli();
        return FundingWindow.of(f, start, start + (long) (holdHours * 3_600_000L));
    }

    @Test
    void countsHourlySettlementsOverTwoDays() {
        FundingRate f = funding("KRAKEN_FUTURES", "0.0001", "0.00012", Instant.parse("2026-11-25T11:00:00Z"), 1);
        FundingWindow w = window(f, 48);
        assertThat(w.count()).isEqualTo(48);
        assertThat(w.firstK()).isZero();
        // 0.0001 + 47·0.00012
        assertThat(w.rateSum(f)).isEqualByComparingTo("0.00574");
        assertThat(w.rateSumApprox(f)).isCloseTo(0.00574, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void aSettlementExactlyAtTheEndCountsAndOneExactlyAtTheStartDoesNot() {
        FundingRate f = funding("BINANCE_FUTURES", "0.0001", null, Instant.parse("2026-11-25T16:00:00Z"), 8);
        assertThat(window(f, 6).count()).isEqualTo(1);          // 16:00 = end
        assertThat(window(f, 5.999).count()).isZero();           // ends before 16:00
        FundingRate atStart = funding("BINANCE_FUTURES", "0.0001", "0.0002", START, 8);
        FundingWindow w = window(atStart, 8);
        assertThat(w.firstK()).isEqualTo(1);                      // 10:00 is not after the start; 18:00 is
        assertThat(w.count()).isEqualTo(1);
        assertThat(w.rateSum(atStart)).isEqualByComparingTo("0.0002");
    }

    @Test
    void aPastNextFundingTimeKeepsCountingFromIt() {
        // next 02:00 is past; settlements 02:00, 10:00 (= start, excluded), 18:00, 02:00+1d, 10:00+1d (= end)
        FundingRate f = funding("BYBIT_PERP", "0.0003", "0.0001", Instant.parse("2026-11-25T02:00:00Z"), 8);
        FundingWindow w = window(f, 24);
        assertThat(w.firstK()).isEqualTo(2);
        assertThat(w.count()).isEqualTo(3);
        assertThat(w.rateSum(f)).isEqualByComparingTo("0.0003");  // all three are k ≥ 1: 3·0.0001
    }

    @Test
    void noHoldOrASettlementBeyondTheWindowCountsNothing() {
        FundingRate f = funding("KRAKEN_FUTURES", "0.0001", null, Instant.parse("2026-11-25T11:00:00Z"), 1);
        assertThat(window(f, 0).count()).isZero();
        assertThat(window(f, 0.5).count()).isZero();
        assertThat(window(f, 0).rateSum(f)).isEqualByComparingTo("0");
    }

    @Test
    void theRateOfTheFirstSettlementIsTheCurrentOne() {
        FundingRate f = funding("KRAKEN_FUTURES", "-0.0005", "0.0001", Instant.parse("2026-11-25T11:00:00Z"), 1);
        assertThat(window(f, 3).rateSum(f)).isEqualByComparingTo("-0.0003"); // −0.0005 + 2·0.0001
    }
}
