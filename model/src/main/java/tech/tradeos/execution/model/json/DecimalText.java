package tech.tradeos.execution.model.json;

import java.math.BigDecimal;

/**
 * The common shape of a decimal in market data — optional minus, digits, optional fraction, at most 18
 * digits — read straight from the parser's characters into a compact BigDecimal. Anything else (exponent,
 * plus sign, spaces, longer numbers, junk) returns null and is left to {@code new BigDecimal(String)},
 * whose value and scale this equals wherever it answers.
 */
final class DecimalText {
    private static final int MAX_DIGITS = 18; // 10^18 - 1 < 2^63: the unscaled value cannot overflow

    private DecimalText() {
    }

    static BigDecimal parse(char[] text, int offset, int length) {
        int i = offset;
        int end = offset + length;
        boolean negative = i < end && text[i] == '-';
        if (negative) {
            i++;
        }
        long unscaled = 0;
        int digits = 0;
        int scale = 0;
        boolean point = false;
        for (; i < end; i++) {
            char c = text[i];
            if (c >= '0' && c <= '9') {
                if (++digits > MAX_DIGITS) {
                    return null;
                }
                unscaled = unscaled * 10 + (c - '0');
                if (point) {
                    scale++;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return null;
            }
        }
        if (digits == 0) {
            return null;
        }
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
    }
}
