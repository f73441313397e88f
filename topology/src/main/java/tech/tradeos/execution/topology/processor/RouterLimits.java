package tech.tradeos.execution.topology.processor;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.Side;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.control.Limits;
import tech.tradeos.execution.model.position.RouterPositions;

/**
 * The router's last-line limits ({@code limits.*}, or the operator's through {@code execution.control}): an
 * order's notional, the position it leaves on its venue and in its instrument, and intents per minute per
 * instrument. A position limit stops only what adds exposure — an order that reduces a position passes.
 * Notionals are quantity × the order's expected price (else the arrival mid) × the venue's quote-to-usd; with
 * a notional limit set and no price to value the order with, it is refused. The intent rate is counted per
 * router task in memory (a restart starts it afresh).
 */
final class RouterLimits {
    private static final long MINUTE_MS = 60_000;
    private final Map<String, Deque<Long>> recent = new HashMap<>();

    /** Why one more intent of {@code instrument} now is too many; null when it is not (and then it is counted). */
    String countIntent(String instrument, Instant now, Limits limits) {
        Deque<Long> times = recent.computeIfAbsent(instrument, i -> new ArrayDeque<>());
        long t = now.toEpochMilli();
        while (!times.isEmpty() && times.peekFirst() <= t - MINUTE_MS) {
            times.pollFirst();
        }
        if (limits.maxIntentsPerMinute() != null && times.size() >= limits.maxIntentsPerMinute()) {
            return "limits.max-intents-per-minute: " + times.size() + " intents of " + instrument + " in the last minute, at most "
                    + limits.maxIntentsPerMinute();
        }
        times.addLast(t);
        return null;
    }

    /** Why {@code order} breaks a notional limit against the router's {@code record}; null when it does not. */
    String breach(RoutedOrder order, RouterPositions record, TradeosConfig config, Limits limits) {
        if (limits.maxOrderNotionalUsd() == null && limits.maxVenuePositionNotionalUsd() == null
                && limits.maxInstrumentPositionNotionalUsd() == null) {
            return null;
        }
        BigDecimal price = order.expectedPrice() != null ? order.expectedPrice() : order.arrivalMid();
        if (price == null) {
            return "the order has no expected price to value it against limits.*";
        }
        BigDecimal usd = price.multiply(config.venues().get(order.venue()).quoteToUsd());
        BigDecimal signed = order.side() == Side.BUY ? order.quantity() : order.quantity().negate();
        BigDecimal notional = order.quantity().multiply(usd);
        if (over(notional, limits.maxOrderNotionalUsd())) {
            return "limits.max-order-notional-usd: the order's notional " + usdText(notional) + " is over "
                    + limits.maxOrderNotionalUsd().toPlainString();
        }
        BigDecimal venueNow = record.quantity(order.venue());
        BigDecimal venueNext = venueNow.add(signed);
        if (grows(venueNow, venueNext) && over(venueNext.abs().multiply(usd), limits.maxVenuePositionNotionalUsd())) {
            return "limits.max-venue-position-notional-usd: " + order.instrument() + " on " + order.venue() + " would be "
                    + usdText(venueNext.abs().multiply(usd)) + ", over " + limits.maxVenuePositionNotionalUsd().toPlainString();
        }
        BigDecimal instrumentNow = record.quantities().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal instrumentNext = instrumentNow.add(signed);
        if (grows(instrumentNow, instrumentNext) && over(instrumentNext.abs().multiply(usd), limits.maxInstrumentPositionNotionalUsd())) {
            return "limits.max-instrument-position-notional-usd: " + order.instrument() + " would be "
                    + usdText(instrumentNext.abs().multiply(usd)) + " across venues, over "
                    + limits.maxInstrumentPositionNotionalUsd().toPlainString();
        }
        return null;
    }

    private static boolean over(BigDecimal value, BigDecimal limit) {
        return limit != null && value.compareTo(limit) > 0;
    }

    private static boolean grows(BigDecimal now, BigDecimal next) {
        return next.abs().compareTo(now.abs()) > 0;
    }

    private static String usdText(BigDecimal usd) {
        return usd.setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }
}
