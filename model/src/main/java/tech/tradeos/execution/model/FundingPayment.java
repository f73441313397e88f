package tech.tradeos.execution.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A funding payment a venue booked on a LIVE account (docs/README.md §Funding), as the executor read it from the
 * venue's own account history and publishes it on {@code execution.funding.payments} (key: venue/paymentId):
 * {@code amount} received positive, paid negative, in {@code asset}; {@code rate} and {@code markPrice} when the
 * venue reports them. {@code paymentId} is the venue's id of the booking: the ledger keeps one row per
 * (venue, paymentId), so a payment read twice is booked once.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FundingPayment(String paymentId, String venue, String instrument, String venueSymbol, Instant at,
                             BigDecimal amount, String asset, BigDecimal rate, BigDecimal markPrice) {
    public FundingPayment {
        Checks.text(paymentId, "paymentId");
        Checks.text(venue, "venue");
        Checks.text(instrument, "instrument");
        Checks.optionalText(venueSymbol, "venueSymbol");
        Checks.instant(at, "at");
        Checks.decimal(amount, "amount");
        Checks.optionalText(asset, "asset");
        Checks.optionalDecimal(rate, "rate");
        Checks.optionalDecimal(markPrice, "markPrice");
    }
}
