package tech.tradeos.execution.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A perpetual venue's funding for one instrument (docs/README.md §Messages): {@code rate} is the fraction of notional
 * longs pay shorts at {@code nextFundingTime}; {@code predictedRate} (optional) estimates the later
 * settlements; settlements repeat every {@code intervalHours}, which always comes from the record;
 * {@code markPrice} (optional) is the venue's mark, the price a settlement's payment is computed at.
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
        Integer intervalHours,
        BigDecimal markPrice) implements Versioned {

    public FundingRate {
        Checks.text(venue, "venue");
        Checks.text(instrument, "instrument");
        Checks.instant(timestamp, "timestamp");
        sequence = sequence == null ? 0L : sequence;
        rate(Checks.decimal(rate, "rate"), "rate");
        rate(Checks.optionalDecimal(predictedRate, "predictedRate"), "predictedRate");
        Checks.instant(nextFundingTime, "nextFundingTime");
        Checks.required(intervalHours, "intervalHours");
        if (intervalHours <= 0 || intervalHours > 168) {
            throw new IllegalArgumentException("intervalHours must be between 1 and 168, got " + intervalHours);
        }
        if (markPrice != null) {
            Checks.positive(markPrice, "markPrice");
        }
    }

    /** A funding record without a mark price. */
    public FundingRate(String venue, String instrument, Instant timestamp, Long sequence, BigDecimal rate,
                       BigDecimal predictedRate, Instant nextFundingTime, Integer intervalHours) {
        this(venue, instrument, timestamp, sequence, rate, predictedRate, nextFundingTime, intervalHours, null);
    }

    /** A rate is a fraction of notional per settlement: beyond ±1 (100 %) it is an error upstream. */
    private static void rate(BigDecimal rate, String field) {
        if (rate != null && rate.abs().compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException(field + " must be between -1 and 1 (a fraction of notional), got "
                    + Checks.show(rate));
        }
    }

    /** r_k for k ≥ 1: the predicted rate when published, else the current one. */
    public BigDecimal laterRate() {
        return predictedRate != null ? predictedRate : rate;
    }
}
