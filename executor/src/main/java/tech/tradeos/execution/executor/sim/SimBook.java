package tech.tradeos.execution.executor.sim;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.PriceLevel;
import tech.tradeos.execution.model.Side;

/** Matching of a marketable limit IOC order against one book snapshot: level by level, up to the limit price. */
final class SimBook {
    /** One execution against a level. */
    record Take(BigDecimal quantity, BigDecimal price) {
    }

    private SimBook() {
    }

    /** What {@code quantity} at {@code limit} takes from {@code book}, at most {@code cap} in total. */
    static List<Take> match(BookSnapshot book, Side side, BigDecimal quantity, BigDecimal limit, BigDecimal cap) {
        List<Take> takes = new ArrayList<>();
        BigDecimal left = quantity.min(cap);
        for (PriceLevel level : side == Side.BUY ? book.asks() : book.bids()) {
            boolean within = side == Side.BUY ? level.price().compareTo(limit) <= 0 : level.price().compareTo(limit) >= 0;
            if (!within || left.signum() <= 0) {
                break;
            }
            BigDecimal q = left.min(level.size());
            takes.add(new Take(q, level.price()));
            left = left.subtract(q);
        }
        return takes;
    }
}
