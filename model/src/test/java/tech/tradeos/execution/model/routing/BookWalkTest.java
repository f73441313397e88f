package tech.tradeos.execution.model.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static tech.tradeos.execution.model.Fixtures.dec;
import static tech.tradeos.execution.model.Fixtures.levels;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.PriceLevel;

/** docs/README.md §Routing book walk; the long-arithmetic walk must equal the BigDecimal formula to the last digit. */
class BookWalkTest {
    @Test
    void walksLevelsUntilTheQuantityIsFilled() {
        List<PriceLevel> asks = levels("67000.4", "0.30", "67001.2", "2.00");
        BookWalk.Walk walk = BookWalk.walk(BookWalk.Levels.of(asks), dec("0.5"));
        // 0.30·67000.4 + 0.20·67001.2 = 20100.12 + 13400.24
        assertThat(walk.notional()).isEqualByComparingTo("33500.36");
        assertThat(walk.shortfall()).isEqualByComparingTo("0");
        assertThat(walk.filled()).isTrue();
        assertThat(walk.notionalApprox()).isEqualTo(33500.36);
    }

    @Test
    void aQuantityEndingExactlyOnALevelTakesNothingBeyondIt() {
        BookWalk.Walk walk = BookWalk.walk(BookWalk.Levels.of(levels("10", "1", "11", "1", "99", "1")), dec("2"));
        assertThat(walk.notional()).isEqualByComparingTo("21");
    }

    @Test
    void theRestIsPricedAtTheLastVisibleLevel() {
        BookWalk.Walk walk = BookWalk.walk(BookWalk.Levels.of(levels("10", "1", "11", "0.5")), dec("3"));
        // 10 + 5.5 + 1.5·11
        assertThat(walk.notional()).isEqualByComparingTo("32");
        assertThat(walk.shortfall()).isEqualByComparingTo("1.5");
        assertThat(walk.filled()).isFalse();
    }

    @Test
    void quantitiesFinerThanTheBooksSizesAreExact() {
        BookWalk.Walk walk = BookWalk.walk(BookWalk.Levels.of(levels("100.5", "1", "101", "5")), dec("1.000000001"));
        assertThat(walk.notional()).isEqualByComparingTo("100.500000101");
    }

    @Test
    void digitsBeyondALongTakeTheExactPath() {
        List<PriceLevel> asks = levels("123456789.123456789", "98765.4321", "123456790", "1000000");
        BookWalk.Walk walk = BookWalk.walk(BookWalk.Levels.of(asks), dec("100000.000000001"));
        assertThat(walk.notional()).isEqualByComparingTo(BookWalk.walkExact(asks, dec("100000.000000001")).notional());
        assertThat(walk.notional()).isEqualByComparingTo("12345678913427.9544680535269");
    }

    @Test
    void theFastWalkEqualsTheExactFormulaOnRandomBooks() {
        Random random = new Random(42);
        for (int run = 0; run < 20_000; run++) {
            List<PriceLevel> asks = randomSide(random);
            BigDecimal qty = BigDecimal.valueOf(1 + random.nextInt(5_000_000), random.nextInt(9));
            BookWalk.Walk fast = BookWalk.walk(BookWalk.Levels.of(asks), qty);
            BookWalk.Walk exact = BookWalk.walkExact(asks, qty);
            assertThat(fast.notional()).as("run %d", run).isEqualByComparingTo(exact.notional());
            assertThat(fast.shortfall()).as("run %d", run).isEqualByComparingTo(exact.shortfall());
        }
    }

    static List<PriceLevel> randomSide(Random random) {
        int n = 1 + random.nextInt(30);
        int priceScale = random.nextInt(9);
        int sizeScale = random.nextInt(9);
        long price = 1 + random.nextInt(100_000_000);
        List<PriceLevel> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            price += 1 + random.nextInt(10_000);
            out.add(new PriceLevel(BigDecimal.valueOf(price, priceScale),
                    BigDecimal.valueOf(1 + random.nextInt(10_000_000), random.nextInt(sizeScale + 1))));
        }
        return out;
    }
}
