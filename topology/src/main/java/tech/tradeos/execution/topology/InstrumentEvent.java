package tech.tradeos.execution.topology;

import com.fasterxml.jackson.annotation.JsonInclude;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.FundingRate;

/**
 * What flows through the instrument repartition: exactly one of a book, a funding record or an
 * intent. One topic keyed by instrument puts an intent behind the market data that preceded it in
 * the same partition, so each instrument is routed by one task against all venues' state.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstrumentEvent(BookSnapshot book, FundingRate funding, ApprovedIntent intent) {
    public static InstrumentEvent of(BookSnapshot book) {
        return new InstrumentEvent(book, null, null);
    }

    public static InstrumentEvent of(FundingRate funding) {
        return new InstrumentEvent(null, funding, null);
    }

    public static InstrumentEvent of(ApprovedIntent intent) {
        return new InstrumentEvent(null, null, intent);
    }

    public String instrument() {
        return book != null ? book.instrument() : funding != null ? funding.instrument() : intent.instrument();
    }
}
