package tech.tradeos.execution.model;

import java.math.BigDecimal;

/**
 * Field checks for the message records' compact constructors. Each failure names the field, so the
 * message reaches the user (a DLQ header, an INVALID_INTENT detail, a CLI error) as it is.
 */
public final class Checks {
    private Checks() {
    }

    public static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    public static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required (non-empty text)");
        }
        return value;
    }

    public static BigDecimal positive(BigDecimal value, String field) {
        required(value, field);
        if (value.signum() <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, got " + value.toPlainString());
        }
        return value;
    }

    public static BigDecimal nonNegative(BigDecimal value, String field) {
        required(value, field);
        if (value.signum() < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, got " + value.toPlainString());
        }
        return value;
    }
}
