package tech.tradeos.execution.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;

/**
 * One venue's line in a routing decision: every configured venue listing the instrument appears,
 * eligible or not. {@code reason} is set when it is not eligible; the prices are set when the venue had
 * a book to price from (costs in USD).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Candidate(
        String venue,
        String venueSymbol,
        Market market,
        boolean eligible,
        CandidateReason reason,
        BigDecimal vwap,
        BigDecimal fee,
        BigDecimal carry,
        BigDecimal totalCost,
        BigDecimal depthShortfall,
        Long bookAgeMs) {
}
