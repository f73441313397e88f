package tech.tradeos.execution.model.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static tech.tradeos.execution.model.Fixtures.dec;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** docs/README.md §Routing: Wilder ATR(14) over 1-minute mid bars, figures worked by hand (12 places, half-even). */
class AtrStateTest {
    private static final Instant M0 = Instant.parse("2026-11-25T10:00:00Z");

    private static Instant at(int minute, int second) {
        return M0.plusSeconds(minute * 60L + second);
    }

    @Test
    void withNoBarTheAtrIsTheSpread() {
        assertThat(AtrState.EMPTY.atr(dec("0.3"))).isEqualByComparingTo("0.3");
        assertThat(AtrState.EMPTY.bars()).isZero();
    }

    @Test
    void fewerThanFourteenBarsAverageTheirTrueRanges() {
        AtrState s = AtrState.EMPTY
                .withMid(at(0, 1), dec("100")).withMid(at(0, 20), dec("102")).withMid(at(0, 59), dec("101"));
        assertThat(s.atr(dec("9"))).isEqualByComparingTo("2");            // bar 1: H−L = 2
        s = s.withMid(at(1, 5), dec("103")).withMid(at(1, 30), dec("99"));  // TR = max(4, |103−101|, |99−101|) = 4
        assertThat(s.atr(dec("9"))).isEqualByComparingTo("3");
        s = s.withMid(at(2, 0), dec("105"));                                 // TR = max(0, |105−99|, |105−99|) = 6
        assertThat(s.atr(dec("9"))).isEqualByComparingTo("4");              // (2 + 4 + 6) / 3
        assertThat(s.bars()).isEqualTo(3);
    }

    @Test
    void fromTheFourteenthBarWildersSmoothingApplies() {
        AtrState s = AtrState.EMPTY;
        // one mid a minute alternating 100, 101: TRs 0, 1, 1, …
        for (int minute = 0; minute < 14; minute++) {
            s = s.withMid(at(minute, 0), minute % 2 == 0 ? dec("100") : dec("101"));
        }
        assertThat(s.atr(dec("9"))).isEqualByComparingTo("0.928571428571");   // 13/14
        s = s.withMid(at(14, 0), dec("100"));                                    // TR 1
        assertThat(s.atr(dec("9"))).isEqualByComparingTo("0.933673469387");   // (0.928571428571·13 + 1)/14
        s = s.withMid(at(15, 0), dec("110"));                                    // TR |110 − 100| = 10
        assertThat(s.atr(dec("9"))).isEqualByComparingTo("1.581268221574");   // (0.933673469387·13 + 10)/14
        assertThat(s.bars()).isEqualTo(16);
    }

    @Test
    void minutesWithoutSnapshotsMakeNoBarAndOlderMidsAreIgnored() {
        AtrState s = AtrState.EMPTY.withMid(at(0, 0), dec("100")).withMid(at(5, 0), dec("104"));
        assertThat(s.bars()).isEqualTo(2);
        assertThat(s.atr(dec("9"))).isEqualByComparingTo("2");               // (0 + 4) / 2
        assertThat(s.withMid(at(4, 0), dec("1"))).isEqualTo(s);
    }
}
