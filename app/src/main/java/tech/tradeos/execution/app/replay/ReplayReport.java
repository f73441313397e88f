package tech.tradeos.execution.app.replay;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.Counterfactual;
import tech.tradeos.execution.model.Decimals;
import tech.tradeos.execution.model.Decision;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.paper.PaperFillModel;

/**
 * What a replay shows (docs/README.md §Replay): where the SOR sent the orders, what it saved against the static
 * priority list — expected at decision time (the sum of every order's counterfactual) and realized (the static
 * venue's expected total against the chosen venue's actual fill, fee and funding) — the carry expected and paid per
 * venue, and the slippage of the fills. USD throughout; bps of the orders' notional.
 */
public record ReplayReport(PaperFillModel fillModel, long books, long fundingRecords, long intents, long deadLetters,
                           String span, Map<Decision, Long> decisions, Map<String, Long> rejections,
                           Map<String, VenueLine> venues, Savings expected, Savings realized, BigDecimal roundTripCarryExpected,
                           BigDecimal roundTripFunding, BigDecimal avgSlippageBps, long staticWouldDiffer) {

    /** One venue's line. */
    public record VenueLine(long orders, BigDecimal notionalUsd, BigDecimal expectedSavings, BigDecimal expectedCarry,
                            BigDecimal fundingBooked, BigDecimal avgSlippageBps) {
    }

    /** A savings figure: in USD, and in bps of the notional it was measured on (over {@code orders} orders). */
    public record Savings(long orders, BigDecimal usd, BigDecimal notionalUsd, BigDecimal bps) {
        static Savings of(long orders, BigDecimal usd, BigDecimal notional) {
            return new Savings(orders, Decimals.clean(usd), Decimals.clean(notional),
                    notional.signum() == 0 ? BigDecimal.ZERO : Decimals.bps(usd, notional));
        }
    }

    public static ReplayReport of(TradeosConfig config, Replay.Result r) {
        List<Replay.Decision> ds = r.decisions();
        Map<Decision, Long> byDecision = ds.stream().collect(Collectors.groupingBy(d -> d.order().decision(),
                () -> new java.util.EnumMap<>(Decision.class), Collectors.counting()));
        Map<String, Long> rejections = r.rejections().stream().collect(Collectors.groupingBy(x -> x.reason().name(),
                TreeMap::new, Collectors.counting()));

        Map<String, VenueLine> venues = new TreeMap<>();
        ds.stream().collect(Collectors.groupingBy(d -> d.order().venue(), TreeMap::new, Collectors.toList()))
                .forEach((venue, list) -> venues.put(venue, new VenueLine(list.size(),
                        sum(list, d -> figure(d.order(), Counterfactual::notionalUsd)),
                        sum(list, d -> figure(d.order(), Counterfactual::savings)),
                        sum(list, d -> d.order().carry()),
                        sum(list, Replay.Decision::funding),
                        average(list.stream().map(Replay.Decision::fill).filter(f -> f != null && f.slippageBps() != null)
                                .map(Fill::slippageBps).toList()))));

        List<Replay.Decision> counted = ds.stream().filter(d -> d.order().counterfactual() != null
                && d.order().counterfactual().savings() != null).toList();
        Savings expected = Savings.of(counted.size(), sum(counted, d -> d.order().counterfactual().savings()),
                sum(counted, d -> d.order().counterfactual().notionalUsd()));

        // realized on round trips the data saw end: an order still held at the end has not paid all its carry
        List<Replay.Decision> realizedOn = counted.stream()
                .filter(d -> d.order().action() == Action.OPEN && d.fill() != null && !r.openAtEnd().contains(d.order().orderId()))
                .toList();
        BigDecimal realizedUsd = BigDecimal.ZERO;
        for (Replay.Decision d : realizedOn) {
            realizedUsd = realizedUsd.add(d.order().counterfactual().totalCost().subtract(realizedCost(config, d)));
        }
        Savings realized = Savings.of(realizedOn.size(), realizedUsd,
                sum(realizedOn, d -> d.order().counterfactual().notionalUsd()));

        long differ = counted.stream().filter(d -> !d.order().counterfactual().venue().equals(d.order().venue())).count();
        return new ReplayReport(config.paper().fillModel(), r.books(), r.funding(), r.intents(), r.deadLetters(),
                r.first() == null ? "nothing in range" : r.first() + " – " + r.last(), byDecision, rejections, venues,
                expected, realized, sum(realizedOn, d -> d.order().carry()), sum(realizedOn, Replay.Decision::funding),
                average(ds.stream().map(Replay.Decision::fill).filter(f -> f != null && f.slippageBps() != null)
                        .map(Fill::slippageBps).toList()), differ);
    }

    /** What the chosen venue actually cost: s·price·Q + fee in USD, less the funding its lot received. */
    static BigDecimal realizedCost(TradeosConfig config, Replay.Decision d) {
        Fill f = d.fill();
        BigDecimal toUsd = config.venues().get(f.venue()).quoteToUsd();
        BigDecimal notional = f.price().multiply(f.quantity());
        BigDecimal fill = f.side().sign() > 0 ? notional : notional.negate();
        return fill.add(f.fee()).multiply(toUsd).subtract(d.funding());
    }

    private static <T> BigDecimal sum(List<T> items, Function<T, BigDecimal> value) {
        BigDecimal total = BigDecimal.ZERO;
        for (T item : items) {
            BigDecimal v = value.apply(item);
            if (v != null) {
                total = total.add(v);
            }
        }
        return Decimals.clean(total);
    }

    private static BigDecimal figure(RoutedOrder order, Function<Counterfactual, BigDecimal> f) {
        return order.counterfactual() == null ? null : f.apply(order.counterfactual());
    }

    private static BigDecimal average(List<BigDecimal> values) {
        if (values.isEmpty()) {
            return null;
        }
        BigDecimal total = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return Decimals.divide(total, BigDecimal.valueOf(values.size()));
    }

    /** The report as text; {@code other} (may be null) is the same replay under the other paper fill model. */
    public String render(ReplayReport other) {
        StringBuilder out = new StringBuilder();
        out.append("replay ").append(span).append('\n');
        out.append(String.format("  input: %d books, %d funding records, %d intents; %d dead letters%n",
                books, fundingRecords, intents, deadLetters));
        long orders = decisions.values().stream().mapToLong(Long::longValue).sum();
        out.append(String.format("  orders: %d (%s); rejected: %s%n", orders, decisions, rejections.isEmpty() ? "none" : rejections));
        out.append('\n').append(String.format("  %-16s %7s %7s %16s %13s %14s %14s %10s%n", "venue", "orders", "share",
                "notional USD", "saved USD", "carry exp USD", "funding USD", "slip bps"));
        BigDecimal totalNotional = venues.values().stream().map(VenueLine::notionalUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
        venues.forEach((venue, v) -> out.append(String.format("  %-16s %7d %6.1f%% %16s %13s %14s %14s %10s%n", venue,
                v.orders(), orders == 0 ? 0.0 : 100.0 * v.orders() / orders, money(v.notionalUsd()), money(v.expectedSavings()),
                money(v.expectedCarry()), money(v.fundingBooked()), bps(v.avgSlippageBps()))));
        out.append('\n');
        out.append(String.format("  SOR vs static priority, expected:  %s USD = %s bps of %s USD over %d orders "
                        + "(the static list would have chosen another venue for %d)%n",
                money(expected.usd()), bps(expected.bps()), money(expected.notionalUsd()), expected.orders(), staticWouldDiffer));
        out.append(String.format("  SOR vs static priority, realized:  %s USD = %s bps over %d round trips closed in the data "
                        + "(fill model %s)%n", money(realized.usd()), bps(realized.bps()), realized.orders(), fillModel));
        out.append(String.format("  carry on those round trips: expected %s USD (a cost), funding booked %s USD (received positive)%n",
                money(roundTripCarryExpected), money(roundTripFunding)));
        out.append(String.format("  slippage vs expected VWAP: %s bps on average (fill model %s)%n", bps(avgSlippageBps), fillModel));
        if (other != null) {
            out.append(String.format("  with fill model %s instead: realized %s USD = %s bps, slippage %s bps%n",
                    other.fillModel(), money(other.realized().usd()), bps(other.realized().bps()), bps(other.avgSlippageBps())));
        }
        return out.toString();
    }

    private static String money(BigDecimal v) {
        return v == null ? "-" : v.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String bps(BigDecimal v) {
        return v == null ? "-" : v.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }
}
