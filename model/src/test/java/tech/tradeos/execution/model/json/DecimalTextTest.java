package tech.tradeos.execution.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimalTextTest {

    private static BigDecimal parse(String s) {
        return DecimalText.parse(s.toCharArray(), 0, s.length());
    }

    @Test
    void plainDecimalsEqualBigDecimalsOwnReadingInValueAndScale() {
        for (String s : new String[] {"0", "7", "007", "100.10", "-0.5", "0.00000001", ".5", "5.", "-.25",
                "123456789012345678", "0.00000000000000001", "-999999999999999999", "64250.5", "0.0"}) {
            assertThat(parse(s)).as(s).isEqualTo(new BigDecimal(s));
        }
    }

    @Test
    void otherShapesAreLeftToBigDecimal() {
        for (String s : new String[] {"", "-", ".", "1e5", "1E-3", "+5", " 5", "5 ", "1.2.3", "--1", "abc", "1,5",
                "1234567890123456789", "0.000000000000000001", "NaN", "١٢"}) {
            assertThat(parse(s)).as(s).isNull();
        }
    }

    @Test
    void randomPlainDecimalsAgreeWithBigDecimal() {
        Random random = new Random(11);
        for (int n = 0; n < 100_000; n++) {
            StringBuilder s = new StringBuilder();
            if (random.nextInt(4) == 0) {
                s.append('-');
            }
            int intDigits = random.nextInt(10);
            int fracDigits = random.nextInt(10);
            for (int i = 0; i < intDigits; i++) {
                s.append((char) ('0' + random.nextInt(10)));
            }
            if (fracDigits > 0 || random.nextBoolean()) {
                s.append('.');
                for (int i = 0; i < fracDigits; i++) {
                    s.append((char) ('0' + random.nextInt(10)));
                }
            }
            String text = s.toString();
            BigDecimal fast = parse(text);
            BigDecimal exact;
            try {
                exact = new BigDecimal(text);
            } catch (NumberFormatException notANumber) {
                assertThat(fast).as(text).isNull();
                continue;
            }
            assertThat(fast).as(text).isEqualTo(exact);
        }
    }

    @Test
    void jsonReadsTheSameDecimalsThroughEitherPath() throws Exception {
        record Holder(BigDecimal a, BigDecimal b, BigDecimal c) {
        }
        Holder h = Json.read("{\"a\":\"100.10\",\"b\":\"1E+3\",\"c\":\" 2.50 \"}", Holder.class);
        assertThat(h.a()).isEqualTo(new BigDecimal("100.10"));
        assertThat(h.b()).isEqualTo(new BigDecimal("1E+3"));
        assertThat(h.c()).isEqualTo(new BigDecimal("2.50"));
    }
}
