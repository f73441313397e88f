package tech.tradeos.execution.executor.venue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the adapters read from every venue's answers alike: decimals given as text, and an order's executions summed. */
public final class VenueAnswers {
    private VenueAnswers() {
    }

    /** How many pages of one list an adapter reads before it gives up on reaching the end. */
    public static final int MAX_PAGES = 50;

    /**
     * A list longer than {@link #MAX_PAGES} pages: what was not read may hold the order, so the answer is "in doubt"
     * (the executor asks again later), never a silent "not found".
     */
    public static VenueUnavailable pageBoundReached(String venue, String what) {
        return new VenueUnavailable(venue + " " + what + ": page bound reached (" + MAX_PAGES + " pages) before the list's end");
    }

    /** {@code node.field} as an exact decimal; a field that is not a number says the answer cannot be trusted. */
    public static BigDecimal decimal(JsonNode node, String field) {
        String text = node.path(field).asText("");
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the venue's " + field + " is not a number: '" + text + "'");
        }
    }

    /** An order's executions as they are read, with the filled quantity, fees and average price they add up to. */
    public static final class Executions {
        private final List<VenueOrder.Execution> list = new ArrayList<>();
        private BigDecimal filled = BigDecimal.ZERO;
        private BigDecimal notional = BigDecimal.ZERO;
        private BigDecimal fees = BigDecimal.ZERO;

        public void add(String tradeId, BigDecimal quantity, BigDecimal price, BigDecimal fee, Instant at) {
            add(tradeId, quantity, price, fee, at, null, null);
        }

        /** An execution with the asset and amount the venue charged its fee in ({@code fee}: its value in the quote). */
        public void add(String tradeId, BigDecimal quantity, BigDecimal price, BigDecimal fee, Instant at, String feeAsset,
                        BigDecimal feeCharged) {
            list.add(new VenueOrder.Execution(tradeId, quantity, price, fee, at, feeAsset, feeCharged));
            filled = filled.add(quantity);
            notional = notional.add(quantity.multiply(price));
            fees = fees.add(fee);
        }

        public List<VenueOrder.Execution> list() {
            return list;
        }

        public BigDecimal filled() {
            return filled;
        }

        public BigDecimal fees() {
            return fees;
        }

        /** The volume-weighted average price; null before any execution. */
        public BigDecimal average() {
            return filled.signum() > 0 ? notional.divide(filled, 12, RoundingMode.HALF_EVEN).stripTrailingZeros() : null;
        }

        public boolean isEmpty() {
            return list.isEmpty();
        }

        /** The order in {@code state} with these executions (filled at most its quantity). */
        public VenueOrder order(String clientOrderId, String venueOrderId, tech.tradeos.execution.model.OrderState state,
                                BigDecimal quantity, String reason) {
            return new VenueOrder(clientOrderId, venueOrderId, state, quantity, filled.min(quantity), average(), fees, reason, list);
        }
    }

    /** A fee charged in the base asset, valued in the quote at the execution's price. */
    public static BigDecimal inQuote(BigDecimal feeInBase, BigDecimal price) {
        return feeInBase.multiply(price).setScale(8, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }
}
