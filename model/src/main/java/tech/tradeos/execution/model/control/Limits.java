package tech.tradeos.execution.model.control;

import java.math.BigDecimal;
import tech.tradeos.execution.model.Checks;

/**
 * The execution layer's own guard rails (config {@code limits.*}, changeable at run time through
 * {@code execution.control}); risk proper is upstream. Notionals are in USD (quantity × expected price ×
 * the venue's quote-to-usd); null means no limit. {@code maxIntentsPerMinute} counts intents per instrument
 * per router task over the last minute.
 */
public record Limits(BigDecimal maxOrderNotionalUsd, BigDecimal maxVenuePositionNotionalUsd,
                     BigDecimal maxInstrumentPositionNotionalUsd, Integer maxIntentsPerMinute) {
    public static final Limits NONE = new Limits(null, null, null, null);

    public Limits {
        for (BigDecimal v : new BigDecimal[] {maxOrderNotionalUsd, maxVenuePositionNotionalUsd, maxInstrumentPositionNotionalUsd}) {
            if (v != null) {
                Checks.positive(v, "limit");
            }
        }
        if (maxIntentsPerMinute != null && maxIntentsPerMinute < 1) {
            throw new IllegalArgumentException("max-intents-per-minute must be >= 1 (leave it out for no limit)");
        }
    }
}
