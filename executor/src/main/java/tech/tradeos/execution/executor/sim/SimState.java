package tech.tradeos.execution.executor.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.Side;

/**
 * What one simulated venue holds: its books (by venue symbol), the orders it accepted (by client id), their
 * trades and the account's positions. All access is under the venue's own lock.
 */
final class SimState {
    /** An order the venue accepted; {@code placements} counts every accepted request with its client id. */
    static final class SimOrder {
        final String clientOrderId;
        final String venueOrderId;
        final String symbol;
        final Side side;
        final BigDecimal quantity;
        final BigDecimal limit;
        final Instant opened;
        BigDecimal filled = BigDecimal.ZERO;
        BigDecimal notional = BigDecimal.ZERO;
        BigDecimal fee = BigDecimal.ZERO;
        String status;
        String reason;
        /** A status the venue reports instead of the one the order's state gives (VenueSimulator.reportStatus). */
        String reportedStatus;
        Instant closed;
        final List<SimTrade> trades = new ArrayList<>();

        SimOrder(String clientOrderId, String venueOrderId, String symbol, Side side, BigDecimal quantity, BigDecimal limit, Instant opened) {
            this.clientOrderId = clientOrderId;
            this.venueOrderId = venueOrderId;
            this.symbol = symbol;
            this.side = side;
            this.quantity = quantity;
            this.limit = limit;
            this.opened = opened;
        }

        BigDecimal averagePrice() {
            return filled.signum() == 0 ? BigDecimal.ZERO : notional.divide(filled, 10, RoundingMode.HALF_EVEN).stripTrailingZeros();
        }
    }

    /**
     * One execution; {@code fee} is its value in the quote, {@code feeAsset}/{@code feeCharged} what the venue charged
     * (the quote asset unless {@link Quirks#feesAsCharged()} puts it in the base, then the balance moves net of it).
     */
    record SimTrade(String tradeId, SimOrder order, BigDecimal quantity, BigDecimal price, BigDecimal fee, Instant time,
                    String feeAsset, BigDecimal feeCharged) {
        SimTrade(String tradeId, SimOrder order, BigDecimal quantity, BigDecimal price, BigDecimal fee, Instant time) {
            this(tradeId, order, quantity, price, fee, time, null, fee);
        }

        /** Whether the fee was charged in the base asset (and so taken off the base balance). */
        boolean feeInBase() {
            return feeAsset != null && feeAsset.equals(tech.tradeos.execution.executor.venue.Assets.base(order.symbol));
        }
    }

    /** Where a trade's fee is charged: in the base asset (true) or the quote. */
    interface FeePolicy {
        boolean inBase(SimOrder order);
    }

    /** A funding payment booked on the account: Kraken Futures' account-log entry. */
    record SimFunding(long id, String bookingUid, Instant date, String symbol, BigDecimal rate, BigDecimal mark,
                      BigDecimal amount) {
    }

    final String venue;
    final BigDecimal feeRate;
    final Map<String, BookSnapshot> books = new HashMap<>();
    /** The latest order accepted under each client id. */
    final Map<String, SimOrder> orders = new LinkedHashMap<>();
    /** Every order accepted, oldest first (a client id reused where the venue allows it appears more than once). */
    final List<SimOrder> all = new ArrayList<>();
    final List<SimTrade> trades = new ArrayList<>();
    final Map<String, BigDecimal> positions = new HashMap<>();
    final Map<String, Integer> placements = new HashMap<>();
    final Map<String, Long> nonces = new HashMap<>();
    final List<SimFunding> funding = new ArrayList<>();
    final AtomicLong ids = new AtomicLong();
    int duplicates;

    SimState(String venue, BigDecimal feeRate) {
        this.venue = venue;
        this.feeRate = feeRate;
    }

    /** Executes {@code takes} for {@code order}: trades, position, fee; closes the IOC order. */
    void execute(SimOrder order, List<SimBook.Take> takes, Instant now, java.util.function.Supplier<String> tradeIds, FeePolicy fees) {
        boolean inBase = fees != null && fees.inBase(order);
        String base = tech.tradeos.execution.executor.venue.Assets.base(order.symbol);
        for (SimBook.Take t : takes) {
            BigDecimal fee = t.quantity().multiply(t.price()).multiply(feeRate).setScale(8, RoundingMode.HALF_EVEN).stripTrailingZeros();
            BigDecimal charged = inBase ? t.quantity().multiply(feeRate).setScale(8, RoundingMode.HALF_EVEN).stripTrailingZeros() : fee;
            SimTrade trade = new SimTrade(tradeIds.get(), order, t.quantity(), t.price(), fee, now, inBase ? base : null, charged);
            order.trades.add(trade);
            trades.add(trade);
            order.filled = order.filled.add(t.quantity());
            order.notional = order.notional.add(t.quantity().multiply(t.price()));
            order.fee = order.fee.add(fee);
            BigDecimal moved = order.side == Side.BUY ? t.quantity() : t.quantity().negate();
            positions.merge(order.symbol, inBase ? moved.subtract(charged) : moved, BigDecimal::add); // a base fee leaves the balance
        }
        order.closed = now;
    }
}
