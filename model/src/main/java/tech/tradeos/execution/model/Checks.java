package tech.tradeos.execution.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Field checks for the message records' compact constructors — the limits every message is held to at
 * every edge (the router's inputs, the sink's, the CLI's). Each failure names the field and never renders
 * an unbounded value, so the message reaches the user (a DLQ header, an INVALID_INTENT detail, a CLI
 * error) as it is.
 */
public final class Checks {
    /** Ids, names and symbols: at most this many characters, no control characters. */
    public static final int MAX_TEXT = 200;
    /** Decimals: at most this many significant digits … */
    public static final int MAX_DIGITS = 38;
    /** … at most this many decimal places … */
    public static final int MAX_SCALE = 30;
    /** … and at most this many digits before the point. */
    public static final int MAX_INTEGER_DIGITS = 20;
    /** Instants: between these (a timestamp outside them is an error upstream, and overflows millisecond arithmetic). */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private Checks() {
    }

    public static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /** Non-blank text of at most {@link #MAX_TEXT} characters without control characters (NUL included). */
    public static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required (non-empty text)");
        }
        if (value.length() > MAX_TEXT) {
            throw new IllegalArgumentException(field + " is longer than " + MAX_TEXT + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(field + " contains a control character (code " + (int) value.charAt(i)
                        + ") at position " + i);
            }
        }
        return value;
    }

    /** Optional text: null passes, anything else as {@link #text}. */
    public static String optionalText(String value, String field) {
        return value == null ? null : text(value, field);
    }

    /** A decimal within the limits above; the value is never rendered in full when it is not. */
    public static BigDecimal decimal(BigDecimal value, String field) {
        required(value, field);
        if (value.signum() == 0 || (value.scale() >= 0 && value.scale() <= MAX_SCALE && value.precision() <= 19)) {
            return value; // the common case, decided without stripping zeros: within every limit
        }
        int integerDigits = value.precision() - value.scale();
        if (integerDigits > MAX_INTEGER_DIGITS) {
            throw new IllegalArgumentException(field + " is too large (" + show(value) + "; at most " + MAX_INTEGER_DIGITS
                    + " digits before the point)");
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > MAX_SCALE || stripped.precision() > MAX_DIGITS) {
            throw new IllegalArgumentException(field + " has too many digits (" + show(value) + "; at most " + MAX_SCALE
                    + " decimal places and " + MAX_DIGITS + " significant digits)");
        }
        return value;
    }

    public static BigDecimal optionalDecimal(BigDecimal value, String field) {
        return value == null ? null : decimal(value, field);
    }

    public static BigDecimal positive(BigDecimal value, String field) {
        decimal(value, field);
        if (value.signum() <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, got " + show(value));
        }
        return value;
    }

    public static BigDecimal nonNegative(BigDecimal value, String field) {
        decimal(value, field);
        if (value.signum() < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, got " + show(value));
        }
        return value;
    }

    /** {@code value} ≤ {@code max}. */
    public static BigDecimal atMost(BigDecimal value, BigDecimal max, String field) {
        if (value != null && value.compareTo(max) > 0) {
            throw new IllegalArgumentException(field + " must be <= " + max.toPlainString() + ", got " + show(value));
        }
        return value;
    }

    /** An instant between {@link #EARLIEST} and {@link #LATEST}. */
    public static Instant instant(Instant value, String field) {
        required(value, field);
        if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
            throw new IllegalArgumentException(field + " must be between " + EARLIEST + " and " + LATEST + ", got " + value);
        }
        return value;
    }

    /** A decimal for a message: plain when it is short, scientific (never millions of zeros) when not. */
    public static String show(BigDecimal value) {
        int integerDigits = value.precision() - value.scale();
        return integerDigits <= 40 && value.scale() <= 40 ? value.toPlainString() : value.toString();
    }
}
