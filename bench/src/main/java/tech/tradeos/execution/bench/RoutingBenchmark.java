package tech.tradeos.execution.bench;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.Direction;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.Market;
import tech.tradeos.execution.model.PriceLevel;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.routing.InstrumentMarket;
import tech.tradeos.execution.model.routing.RoutingOutcome;
import tech.tradeos.execution.model.routing.SmartOrderRouter;

/**
 * One routing decision over 8 venues × 50 levels a side, for an order that walks about 10 levels of
 * each book (region GLOBAL, so all 8 venues are priced; the 3 perps carry funding over a 48 h hold).
 * {@code decide} is the SOR's choice with exact costs available; {@code decideAndBuildOrder} also
 * materialises every decimal of the RoutedOrder (VWAP divisions, 8 candidates) as the topology does.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RoutingBenchmark {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private SmartOrderRouter router;
    private InstrumentMarket market;
    private ApprovedIntent intent;
    private tech.tradeos.execution.model.routing.RoutingDecision decision;

    @Setup
    public void setup() {
        TradeosConfig config = ConfigLoader.load(null, java.util.Map.of("TRADEOS_REGION", "GLOBAL"));
        router = new SmartOrderRouter(config);
        market = InstrumentMarket.empty("BTC-USD");
        int v = 0;
        for (var venue : config.venues().entrySet()) {
            long bestBid = 6_699_950 - v * 7L;   // cents
            long bestAsk = 6_700_050 + v * 5L;
            List<PriceLevel> bids = new ArrayList<>();
            List<PriceLevel> asks = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                BigDecimal size = BigDecimal.valueOf(95 + (i * 7 + v) % 20, 3); // 0.095 … 0.114 BTC
                bids.add(new PriceLevel(BigDecimal.valueOf(bestBid - i * 50L, 2), size));
                asks.add(new PriceLevel(BigDecimal.valueOf(bestAsk + i * 50L, 2), size));
            }
            market = market.withBook(new BookSnapshot(venue.getKey(), "BTC-USD", T0.minusMillis(100 + v), 1L, bids, asks));
            if (venue.getValue().market() == Market.PERP) {
                market = market.withFunding(new FundingRate(venue.getKey(), "BTC-USD", T0, 1L,
                        new BigDecimal("0.0001"), new BigDecimal("0.00012"), T0.plusSeconds(1800), v % 2 == 0 ? 8 : 1));
            }
            v++;
        }
        intent = new ApprovedIntent("i-bench", "BTC-USD", Direction.LONG, Action.OPEN, new BigDecimal("1.0"),
                Market.ANY, "momentum", 0.8, BigDecimal.valueOf(48), T0);
        RoutingOutcome outcome = router.route(intent, market, null);
        if (!(outcome instanceof RoutingOutcome.Routed routed)) {
            throw new IllegalStateException("benchmark market does not route: " + outcome);
        }
        decision = routed.decision();
    }

    @Benchmark
    public RoutingOutcome decide() {
        return router.route(intent, market, null);
    }

    /** Building the RoutedOrder alone, from one decision: what {@code decideAndBuildOrder} adds to {@code decide}. */
    @Benchmark
    public RoutedOrder buildOrder() {
        return decision.toRoutedOrder(T0);
    }

    @Benchmark
    public RoutedOrder decideAndBuildOrder() {
        return ((RoutingOutcome.Routed) router.route(intent, market, null)).decision().toRoutedOrder(T0);
    }
}
