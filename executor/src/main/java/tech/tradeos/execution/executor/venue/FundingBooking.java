package tech.tradeos.execution.executor.venue;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A funding payment as a venue's account history reports it: its id there, the venue symbol, when it was booked,
 * the amount (received positive, paid negative) in {@code asset}, and the rate and mark when reported (else null).
 */
public record FundingBooking(String id, String symbol, Instant at, BigDecimal amount, String asset, BigDecimal rate,
                             BigDecimal markPrice) {
}
