package tech.tradeos.execution.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.embedded.EmbeddedKafka;
import tech.tradeos.execution.executor.sim.Faults;
import tech.tradeos.execution.executor.sim.VenueSimulator;
import tech.tradeos.execution.executor.venue.VenueAdapter;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.Decision;
import tech.tradeos.execution.model.Direction;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.Ids;
import tech.tradeos.execution.model.Market;
import tech.tradeos.execution.model.Mode;
import tech.tradeos.execution.model.OrderState;
import tech.tradeos.execution.model.OrderUpdate;
import tech.tradeos.execution.model.PriceLevel;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.Side;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;

/**
 * One LIVE order through the real Kraken adapters against the venue simulator over HTTP (signatures checked
 * by the simulator as the venues do): fills, partial fills, rejects, a lost response, a 5xx, a replay after a
 * crash, the venue's minimums, a wrong secret.
 */
class OrderExecutionIT {
    private static final String SPOT_SECRET = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";
    private static final String FUTURES_SECRET = "rttp4AzwRfYEdQ7R7X8Z/04Y4TZPa97pqCypi3xXxAqftygftnI6H9yGV+OcUOOJeFtZkr8mVwbAndU3Kz4Q+eG";
    private VenueSimulator sim;
    private TradeosConfig config;
    private Map<String, VenueAdapter> adapters;
    private OrderExecution execution;
    private int n;

    private final MutableClock clock = new MutableClock();

    @BeforeEach
    void start() throws Exception {
        int port = EmbeddedKafka.freePort();
        config = ConfigLoader.load(null, Map.of(
                "TRADEOS_MODE", "LIVE",
                "TRADEOS_EXECUTOR_LOOKUP_INTERVAL_MS", "10",
                "TRADEOS_EXECUTOR_VENUES_KRAKEN_SPOT_BASE_URL", "http://127.0.0.1:" + port,
                "TRADEOS_EXECUTOR_VENUES_KRAKEN_SPOT_API_KEY", "spot-key",
                "TRADEOS_EXECUTOR_VENUES_KRAKEN_SPOT_API_SECRET", SPOT_SECRET,
                "TRADEOS_EXECUTOR_VENUES_KRAKEN_SPOT_RATE_PER_SECOND", "1000",
                "TRADEOS_EXECUTOR_VENUES_KRAKEN_FUTURES_BASE_URL", "http://127.0.0.1:" + port,
                "TRADEOS_EXECUTOR_VENUES_KRAKEN_FUTURES_API_KEY", "futures-key",
                "TRADEOS_EXECUTOR_VENUES_KRAKEN_FUTURES_API_SECRET", FUTURES_SECRET,
                "TRADEOS_EXECUTOR_VENUES_KRAKEN_FUTURES_RATE_PER_SECOND", "1000"));
        sim = new VenueSimulator(config, Map.of("KRAKEN_SPOT", new VenueSimulator.Account("spot-key", SPOT_SECRET),
                "KRAKEN_FUTURES", new VenueSimulator.Account("futures-key", FUTURES_SECRET)), port, Faults.NONE).start();
        for (String venue : List.of("KRAKEN_SPOT", "KRAKEN_FUTURES")) {
            sim.book(new BookSnapshot(venue, "BTC-USD", Instant.now(), 1L,
                    List.of(new PriceLevel(new BigDecimal("99"), new BigDecimal("1")), new PriceLevel(new BigDecimal("98"), new BigDecimal("5"))),
                    List.of(new PriceLevel(new BigDecimal("100"), new BigDecimal("1")), new PriceLevel(new BigDecimal("100.2"), new BigDecimal("5")))));
        }
        adapters = LiveVenues.from(config);
        execution = new OrderExecution(config.executor(), adapters, clock, d -> { });
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private RoutedOrder order(String venue, Side side, String qty) {
        String intentId = "live-" + (++n);
        String symbol = venue.equals("KRAKEN_SPOT") ? "XBT/USD" : "PF_XBTUSD";
        return new RoutedOrder(Ids.orderId("BTC-USD", intentId), intentId, "BTC-USD", venue, symbol,
                venue.equals("KRAKEN_SPOT") ? Market.SPOT : Market.PERP, side, new BigDecimal(qty), "MARKET", Mode.LIVE,
                Decision.BEST_COST, new BigDecimal(side == Side.BUY ? "100" : "99"), BigDecimal.ONE, BigDecimal.ZERO, new BigDecimal("100"), BigDecimal.ZERO,
                new BigDecimal("99.5"), "momentum", side == Side.BUY ? Action.OPEN : Action.OPEN,
                side == Side.BUY ? Direction.LONG : Direction.SHORT, BigDecimal.ONE, Instant.now(), Instant.now(), List.of());
    }

    private static List<OrderState> states(OrderExecution.Result r) {
        return r.updates().stream().map(OrderUpdate::state).toList();
    }

    private int spotState(String field) {
        return sim.state().path("KRAKEN_SPOT").path(field).asInt();
    }

    @Test
    void krakenFuturesFundingIsReadFromTheAccountLogSignedAsTheVenueChecks() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        OrderExecution.Result r = execution.execute(order("KRAKEN_FUTURES", Side.BUY, "1"));
        assertThat(r.updates().get(r.updates().size() - 1).state()).isEqualTo(tech.tradeos.execution.model.OrderState.FILLED);
        VenueAdapter perp = adapters.get("KRAKEN_FUTURES");
        assertThat(perp.booksFunding()).isTrue();
        assertThat(adapters.get("KRAKEN_SPOT").booksFunding()).isFalse();
        assertThat(perp.fundingPayments(before)).isEmpty();

        // long 1 at a settlement of 0.0001 and mark 100.5: the account pays 1·100.5·0.0001 = 0.01005
        Instant at = Instant.now();
        sim.settleFunding("PF_XBTUSD", new BigDecimal("0.0001"), new BigDecimal("100.5"), at);
        var payments = perp.fundingPayments(before);
        assertThat(payments).singleElement().satisfies(p -> {
            assertThat(p.amount()).isEqualByComparingTo("-0.01005");
            assertThat(p.symbol()).isEqualToIgnoringCase("PF_XBTUSD");
            assertThat(p.rate()).isEqualByComparingTo("0.0001");
            assertThat(p.markPrice()).isEqualByComparingTo("100.5");
            assertThat(p.at()).isEqualTo(at);
        });
        assertThat(perp.fundingPayments(before).get(0).id()).as("the same booking, the same id").isEqualTo(payments.get(0).id());
        assertThat(perp.fundingPayments(at.plusSeconds(1))).as("read from a later instant").isEmpty();
    }

    @Test
    void aMarketableBuyFillsAcrossTwoLevelsWithOneFillPerVenueTrade() throws Exception {
        OrderExecution.Result r = execution.execute(order("KRAKEN_SPOT", Side.BUY, "1.5"));
        assertThat(states(r)).containsExactly(OrderState.NEW, OrderState.ACKED, OrderState.FILLED);
        OrderUpdate last = r.updates().get(2);
        assertThat(last.filledQuantity()).isEqualByComparingTo("1.5");
        assertThat(last.venueOrderId()).startsWith("O");
        // 1 at 100 and 0.5 at 100.2 (the cap is 100 × 1.005 = 100.5): average 100.0666…
        assertThat(r.fills()).extracting(Fill::price).map(BigDecimal::toPlainString).containsExactly("100", "100.2");
        assertThat(r.fills()).allSatisfy(f -> {
            assertThat(f.mode()).isEqualTo(Mode.LIVE);
            assertThat(f.fee()).isPositive(); // Kraken Spot's configured taker fee
        });
        assertThat(r.fills().get(1).slippageBps()).isEqualByComparingTo("20"); // (100.2 − 100)/100 · 10⁴
        assertThat(sim.state().path("KRAKEN_SPOT").path("positions").path("XBTUSD").asText()).isEqualTo("1.5");
    }

    @Test
    void aPartialFillEndsCanceledWithWhatExecutedAndOneFill() throws Exception {
        sim.faults(new Faults(0, 0, 0, 0, 0, 1, 1));
        OrderExecution.Result r = execution.execute(order("KRAKEN_SPOT", Side.BUY, "1"));
        OrderUpdate last = r.updates().get(r.updates().size() - 1);
        assertThat(last.state()).isEqualTo(OrderState.CANCELED);
        assertThat(last.filledQuantity()).isEqualByComparingTo("0.4");
        assertThat(last.reason()).isNotBlank();
        assertThat(r.fills()).singleElement().satisfies(f -> assertThat(f.quantity()).isEqualByComparingTo("0.4"));
    }

    @Test
    void aVenueRejectIsRejectedWithTheVenuesWords() throws Exception {
        sim.faults(new Faults(0, 0, 0, 0, 1, 0, 1));
        OrderExecution.Result r = execution.execute(order("KRAKEN_SPOT", Side.BUY, "1"));
        assertThat(states(r)).containsExactly(OrderState.NEW, OrderState.REJECTED);
        assertThat(r.updates().get(1).reason()).isEqualTo("EOrder:Insufficient funds");
        assertThat(r.fills()).isEmpty();
    }

    @Test
    void anOrderWhoseResponseWasLostIsFoundByItsClientIdAndNeverSentTwice() throws Exception {
        sim.faults(new Faults(0, 0, 0, 1, 0, 0, 1));
        OrderExecution.Result r = execution.execute(order("KRAKEN_SPOT", Side.BUY, "1"));
        assertThat(states(r)).containsExactly(OrderState.NEW, OrderState.ACKED, OrderState.FILLED);
        assertThat(r.fills()).hasSize(1);
        assertThat(spotState("orders")).isEqualTo(1);
        assertThat(spotState("maxPlacementsPerClientId")).isEqualTo(1);
    }

    @Test
    void anOrderRefusedWithA5xxIsUnknownUntilItsKrakenDeadlineHasPassedThenRejectedAsNeverReachingIt() throws Exception {
        sim.faults(new Faults(0, 1, 0, 0, 0, 0, 1));
        RoutedOrder o = order("KRAKEN_SPOT", Side.BUY, "1");
        OrderExecution.Result r = execution.execute(o);
        assertThat(states(r)).containsExactly(OrderState.NEW, OrderState.UNKNOWN);
        assertThat(r.reason()).contains("500");
        execution.journal().settle(o.orderId(), OrderState.UNKNOWN, r.reason());
        clock.advance(java.time.Duration.ofSeconds(10)); // the AddOrder deadline (ack-timeout, 3 s) and 5 s more
        OrderExecution.Result later = execution.resolve(execution.journal().get(o.orderId()).orElseThrow());
        assertThat(states(later)).containsExactly(OrderState.REJECTED);
        assertThat(later.updates().get(0).reason()).startsWith("never reached the venue").contains("venue deadline");
        assertThat(spotState("orders")).isZero();
    }

    @Test
    void anOrderReadAgainAfterACrashIsAskedForFirstAndNotSentAgain() throws Exception {
        RoutedOrder o = order("KRAKEN_FUTURES", Side.SELL, "0.5");
        OrderExecution.Result first = execution.execute(o);
        OrderExecution.Result again = execution.execute(o);
        assertThat(states(again)).as("no NEW: nothing was sent").containsExactly(OrderState.ACKED, OrderState.FILLED);
        assertThat(again.fills()).extracting(Fill::fillId).containsExactlyElementsOf(first.fills().stream().map(Fill::fillId).toList());
        assertThat(sim.state().path("KRAKEN_FUTURES").path("maxPlacementsPerClientId").asInt()).isEqualTo(1);
        assertThat(sim.state().path("KRAKEN_FUTURES").path("positions").path("PF_XBTUSD").asText()).isEqualTo("-0.5");
    }

    @Test
    void anOrderBelowTheVenuesMinimumIsRejectedBeforeAnythingIsSent() throws Exception {
        OrderExecution.Result r = execution.execute(order("KRAKEN_SPOT", Side.BUY, "0.00001"));
        assertThat(states(r)).containsExactly(OrderState.REJECTED);
        assertThat(r.updates().get(0).reason()).contains("below KRAKEN_SPOT's minimum 0.0001");
        assertThat(spotState("orders")).isZero();
    }

    @Test
    void anOrderForAVenueTurnedOffInTheExecutorIsRejected() throws Exception {
        RoutedOrder coinbase = new RoutedOrder(Ids.orderId("BTC-USD", "cb"), "cb", "BTC-USD", "COINBASE", "BTC-USD", Market.SPOT,
                Side.BUY, BigDecimal.ONE, "MARKET", Mode.LIVE, Decision.BEST_COST, new BigDecimal("100"), BigDecimal.ONE,
                BigDecimal.ZERO, new BigDecimal("100"), BigDecimal.ZERO, new BigDecimal("100"), "momentum", Action.OPEN,
                Direction.LONG, BigDecimal.ONE, Instant.now(), Instant.now(), List.of());
        Map<String, VenueAdapter> withoutCoinbase = new java.util.HashMap<>(adapters);
        withoutCoinbase.remove("COINBASE"); // executor.venues.COINBASE.enabled: false
        OrderExecution.Result r = new OrderExecution(config.executor(), withoutCoinbase, Clock.systemUTC(), d -> { }).execute(coinbase);
        assertThat(states(r)).containsExactly(OrderState.REJECTED);
        assertThat(r.updates().get(0).reason()).contains("no live adapter for venue COINBASE");
    }

    @Test
    void aWrongSecretFailsTheSimulatorsSignatureCheck() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "TRADEOS_EXECUTOR_VENUES_KRAKEN_SPOT_BASE_URL", "http://127.0.0.1:" + sim.port(),
                "TRADEOS_EXECUTOR_VENUES_KRAKEN_SPOT_API_KEY", "spot-key",
                "TRADEOS_EXECUTOR_VENUES_KRAKEN_SPOT_API_SECRET", FUTURES_SECRET + "=",
                "TRADEOS_EXECUTOR_VENUES_KRAKEN_FUTURES_ENABLED", "false"));
        TradeosConfig wrong = ConfigLoader.load(null, env);
        OrderExecution bad = new OrderExecution(wrong.executor(), LiveVenues.from(wrong), Clock.systemUTC(), d -> { });
        OrderExecution.Result r = bad.execute(order("KRAKEN_SPOT", Side.BUY, "1"));
        assertThat(states(r)).containsExactly(OrderState.NEW, OrderState.REJECTED);
        assertThat(r.updates().get(1).reason()).isEqualTo("EAPI:Invalid signature");
        assertThat(spotState("orders")).isZero();
    }
}
