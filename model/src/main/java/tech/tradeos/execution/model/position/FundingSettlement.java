package tech.tradeos.execution.model.position;

import java.math.BigDecimal;
import java.time.Instant;
import tech.tradeos.execution.model.Decimals;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.Versioned;

/**
 * docs/README.md §Funding's two rules, shared by the ledger and the replay. A funding record announces the settlement at
 * its {@code nextFundingTime} at its {@code rate}; the settlement has happened once a newer record for the same venue
 * and instrument announces a later one. The position held at that instant then receives −quantity × mark × rate:
 * a long pays a positive rate, a short receives it.
 *
 * @param at        the settlement instant (the held record's nextFundingTime)
 * @param rate      the held record's rate
 * @param markPrice the held record's mark; null when the venue published none
 */
public record FundingSettlement(String venue, String instrument, Instant at, BigDecimal rate, BigDecimal markPrice) {

    /**
     * The settlement {@code next} shows to have happened after {@code held}, or null: none held, {@code next} not
     * newer (newest wins by timestamp then sequence), or the same settlement still ahead.
     */
    public static FundingSettlement between(FundingRate held, FundingRate next) {
        if (held == null || !Versioned.supersedes(next, held) || !next.nextFundingTime().isAfter(held.nextFundingTime())) {
            return null;
        }
        return new FundingSettlement(held.venue(), held.instrument(), held.nextFundingTime(), held.rate(), held.markPrice());
    }

    /** −quantity × mark × rate, exact: what a position of signed {@code quantity} receives (negative: pays). */
    public static BigDecimal payment(BigDecimal quantity, BigDecimal mark, BigDecimal rate) {
        return Decimals.clean(quantity.multiply(mark).multiply(rate).negate());
    }
}
