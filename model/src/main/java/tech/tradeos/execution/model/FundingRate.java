package tech.tradeos.execution.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A perpetual venue's funding for one instrument (SPEC §3): {@code rate} is the fraction of notional
 * longs pay shorts at {@code nextFundingTime}; {@code predictedRate} (optional) estimates the later
 * settlements; settlements repeat every {@code intervalHours}, which always comes from the record.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FundingRate(
        String venue,
        String instrument,
        Instant timestamp,
        Long sequence,
        BigDecimal rate,
        BigDecimal predictedRate,
        Instant nextFundingTime,
        Integer intervalHours) implements Versioned {

    public FundingRate {
        Checks.text(venue, "venue");
        Checks.text(instrument, "instrument");
        Checks.required(timestamp, "timestamp");
        sequence = sequence == null ? 0L : sequence;
        Checks.required(rate, "rate");
        Checks.required(nextFundingTime, "nextFundingTime");
        Checks.required(intervalHours, "intervalHours");
        if (intervalHours <= 0) {
            throw new IllegalArgumentException("intervalHours must be > 0, got " + intervalHours);
        }
    }

    /** r_k for k ≥ 1: the predicted rate when published, else the current one. */
    public BigDecimal laterRate() {
        return predictedRate != null ? predictedRate : rate;
    }
}
