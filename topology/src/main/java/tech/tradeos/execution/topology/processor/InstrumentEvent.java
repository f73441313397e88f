package tech.tradeos.execution.topology.processor;

import com.fasterxml.jackson.annotation.JsonInclude;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.OrderUpdate;

/**
 * What flows through the instrument repartition: exactly one of a book, a funding record, an
 * intent, a fill or a live order's update. One topic keyed by instrument puts an intent behind the market data that preceded it in
 * the same partition, so each instrument is routed by one task against all venues' state.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstrumentEvent(BookSnapshot book, FundingRate funding, ApprovedIntent intent, Fill fill, OrderUpdate orderUpdate) {
    public static InstrumentEvent of(BookSnapshot book) {
        return new InstrumentEvent(book, null, null, null, null);
    }

    public static InstrumentEvent of(FundingRate funding) {
        return new InstrumentEvent(null, funding, null, null, null);
    }

    public static InstrumentEvent of(ApprovedIntent intent) {
        return new InstrumentEvent(null, null, intent, null, null);
    }

    public static InstrumentEvent of(Fill fill) {
        return new InstrumentEvent(null, null, null, fill, null);
    }

    public static InstrumentEvent of(OrderUpdate update) {
        return new InstrumentEvent(null, null, null, null, update);
    }

    public String instrument() {
        if (book != null) {
            return book.instrument();
        }
        if (funding != null) {
            return funding.instrument();
        }
        if (intent != null) {
            return intent.instrument();
        }
        return fill != null ? fill.instrument() : orderUpdate.instrument();
    }
}
