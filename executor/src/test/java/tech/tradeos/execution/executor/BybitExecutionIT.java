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
 * One LIVE order through the Bybit v5 adapters (spot and linear) against the venue simulator over HTTP, which checks
 * the X-BAPI signature and time window as Bybit does: fills, a partial fill, a reject, a lost response, a 10006 rate
 * limit and a 10016 server error (in doubt: looked up), a replay after a crash, the venue's minimums, a wrong secret.
 */
class BybitExecutionIT {
    private static final String SPOT_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private static final String FUTURES_SECRET = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9";
    private VenueSimulator sim;
    private OrderExecution execution;
    private int n;

    @BeforeEach
    void start() throws Exception {
        int port = EmbeddedKafka.freePort();
        TradeosConfig config = ConfigLoader.load(null, env(port, SPOT_SECRET));
        sim = new VenueSimulator(config, Map.of("BYBIT_SPOT", new VenueSimulator.Account("spot-key", SPOT_SECRET),
                "BYBIT_PERP", new VenueSimulator.Account("futures-key", FUTURES_SECRET)), port, Faults.NONE).start();
        for (String venue : List.of("BYBIT_SPOT", "BYBIT_PERP")) {
            sim.book(new BookSnapshot(venue, "BTC-USD", Instant.now(), 1L,
                    List.of(new PriceLevel(new BigDecimal("99"), new BigDecimal("1")), new PriceLevel(new BigDecimal("98"), new BigDecimal("5"))),
                    List.of(new PriceLevel(new BigDecimal("100"), new BigDecimal("1")), new PriceLevel(new BigDecimal("100.2"), new BigDecimal("5")))));
        }
        execution = new OrderExecution(config.executor(), LiveVenues.from(config), Clock.systemUTC(), d -> { });
    }

    private static Map<String, String> env(int port, String spotSecret) {
        return Map.of("TRADEOS_MODE", "LIVE",
                "TRADEOS_EXECUTOR_LOOKUP_INTERVAL_MS", "10",
                "TRADEOS_EXECUTOR_VENUES_KRAKEN_SPOT_ENABLED", "false",
                "TRADEOS_EXECUTOR_VENUES_KRAKEN_FUTURES_ENABLED", "false",
                "TRADEOS_EXECUTOR_VENUES_BYBIT_SPOT_BASE_URL", "http://127.0.0.1:" + port,
                "TRADEOS_EXECUTOR_VENUES_BYBIT_SPOT_API_KEY", "spot-key",
                "TRADEOS_EXECUTOR_VENUES_BYBIT_SPOT_API_SECRET", spotSecret,
                "TRADEOS_EXECUTOR_VENUES_BYBIT_PERP_BASE_URL", "http://127.0.0.1:" + port,
                "TRADEOS_EXECUTOR_VENUES_BYBIT_PERP_API_KEY", "futures-key",
                "TRADEOS_EXECUTOR_VENUES_BYBIT_PERP_API_SECRET", FUTURES_SECRET);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private RoutedOrder order(String venue, Side side, String qty) {
        String intentId = "by-" + (++n);
        return new RoutedOrder(Ids.orderId("BTC-USD", intentId), intentId, "BTC-USD", venue, "BTCUSDT",
                venue.equals("BYBIT_SPOT") ? Market.SPOT : Market.PERP, side, new BigDecimal(qty), "MARKET", Mode.LIVE,
                Decision.BEST_COST, new BigDecimal(side == Side.BUY ? "100" : "99"), BigDecimal.ONE, BigDecimal.ZERO, new BigDecimal("100"),
                BigDecimal.ZERO, new BigDecimal("99.5"), "momentum", Action.OPEN, side == Side.BUY ? Direction.LONG : Direction.SHORT,
                BigDecimal.ONE, Instant.now(), Instant.now(), List.of());
    }

    private static List<OrderState> states(OrderExecution.Result r) {
        return r.updates().stream().map(OrderUpdate::state).toList();
    }

    private int state(String venue, String field) {
        return sim.state().path(venue).path(field).asInt();
    }

    @Test
    void aMarketableSpotBuyFillsAcrossTwoLevelsWithOneFillPerVenueTrade() throws Exception {
        OrderExecution.Result r = execution.execute(order("BYBIT_SPOT", Side.BUY, "1.5"), false);
        assertThat(states(r)).containsExactly(OrderState.NEW, OrderState.ACKED, OrderState.FILLED);
        assertThat(r.updates().get(2).filledQuantity()).isEqualByComparingTo("1.5");
        assertThat(r.fills()).extracting(Fill::price).map(BigDecimal::toPlainString).containsExactly("100", "100.2");
        // the simulator charges BYBIT_SPOT's configured taker fee, reported as execFee in USDT
        assertThat(r.fills()).allSatisfy(f -> assertThat(f.fee()).isPositive());
        assertThat(sim.state().path("BYBIT_SPOT").path("positions").path("BTCUSDT").asText()).isEqualTo("1.5");
    }

    @Test
    void aFuturesShortReadAgainAfterACrashIsAskedForFirstAndNotSentAgain() throws Exception {
        RoutedOrder o = order("BYBIT_PERP", Side.SELL, "0.5");
        OrderExecution.Result first = execution.execute(o, false);
        assertThat(states(first)).containsExactly(OrderState.NEW, OrderState.ACKED, OrderState.FILLED);
        OrderExecution.Result again = execution.execute(o, true);
        assertThat(states(again)).as("no NEW: nothing was sent").containsExactly(OrderState.ACKED, OrderState.FILLED);
        assertThat(again.fills()).extracting(Fill::fillId).containsExactlyElementsOf(first.fills().stream().map(Fill::fillId).toList());
        assertThat(state("BYBIT_PERP", "maxPlacementsPerClientId")).isEqualTo(1);
        assertThat(sim.state().path("BYBIT_PERP").path("positions").path("BTCUSDT").asText()).isEqualTo("-0.5");
    }

    @Test
    void aPartialSpotFillEndsCanceledWithWhatExecuted() throws Exception {
        sim.faults(new Faults(0, 0, 0, 0, 0, 1, 1));
        OrderExecution.Result r = execution.execute(order("BYBIT_SPOT", Side.BUY, "1"), false);
        OrderUpdate last = r.updates().get(r.updates().size() - 1);
        assertThat(last.state()).isEqualTo(OrderState.CANCELED);
        assertThat(last.filledQuantity()).isEqualByComparingTo("0.4");
        assertThat(last.reason()).contains("PartiallyFilledCanceled");
        assertThat(r.fills()).singleElement().satisfies(f -> assertThat(f.quantity()).isEqualByComparingTo("0.4"));
    }

    @Test
    void aVenueRejectIsRejectedWithItsCodeAndWords() throws Exception {
        sim.faults(new Faults(0, 0, 0, 0, 1, 0, 1));
        OrderExecution.Result r = execution.execute(order("BYBIT_PERP", Side.BUY, "1"), false);
        assertThat(states(r)).containsExactly(OrderState.NEW, OrderState.REJECTED);
        assertThat(r.updates().get(1).reason()).isEqualTo("BYBIT_PERP: 110007 Available balance is insufficient");
    }

    @Test
    void anOrderWhoseResponseWasLostIsFoundByItsClientIdAndNeverSentTwice() throws Exception {
        sim.faults(new Faults(0, 0, 0, 1, 0, 0, 1));
        OrderExecution.Result r = execution.execute(order("BYBIT_SPOT", Side.BUY, "1"), false);
        assertThat(states(r)).containsExactly(OrderState.NEW, OrderState.ACKED, OrderState.FILLED);
        assertThat(r.fills()).hasSize(1);
        assertThat(state("BYBIT_SPOT", "orders")).isEqualTo(1);
        assertThat(state("BYBIT_SPOT", "maxPlacementsPerClientId")).isEqualTo(1);
    }

    @Test
    void aRateLimitOrServerErrorAnswerIsInDoubtAndTheOrderIsLookedUpNotRejectedBlindly() throws Exception {
        sim.faults(new Faults(0, 0, 1, 0, 0, 0, 1)); // every placement answered 10006: nothing was placed
        OrderExecution.Result limited = execution.execute(order("BYBIT_PERP", Side.BUY, "0.5"), false);
        assertThat(states(limited)).containsExactly(OrderState.NEW, OrderState.REJECTED);
        assertThat(limited.updates().get(1).reason()).startsWith("never reached the venue").contains("10006");
        sim.faults(new Faults(0, 1, 0, 0, 0, 0, 1)); // 10016
        OrderExecution.Result failed = execution.execute(order("BYBIT_SPOT", Side.BUY, "0.5"), false);
        assertThat(failed.updates().get(1).reason()).startsWith("never reached the venue").contains("10016");
        assertThat(state("BYBIT_SPOT", "orders")).isZero();
    }

    @Test
    void anOrderBelowTheVenuesLotIsRejectedBeforeAnythingIsSent() throws Exception {
        OrderExecution.Result r = execution.execute(order("BYBIT_SPOT", Side.BUY, "0.00001"), false);
        assertThat(states(r)).containsExactly(OrderState.REJECTED);
        assertThat(r.updates().get(0).reason()).contains("BYBIT_SPOT");
        assertThat(state("BYBIT_SPOT", "orders")).isZero();
    }

    @Test
    void aWrongSecretFailsTheSimulatorsSignatureCheck() throws Exception {
        TradeosConfig wrong = ConfigLoader.load(null, env(sim.port(), FUTURES_SECRET));
        OrderExecution bad = new OrderExecution(wrong.executor(), LiveVenues.from(wrong), Clock.systemUTC(), d -> { });
        OrderExecution.Result r = bad.execute(order("BYBIT_SPOT", Side.BUY, "1"), false);
        assertThat(states(r)).containsExactly(OrderState.NEW, OrderState.REJECTED);
        assertThat(r.updates().get(1).reason()).isEqualTo("BYBIT_SPOT: 10004 Error sign, please check your signature generation algorithm.");
        assertThat(state("BYBIT_SPOT", "orders")).isZero();
    }
}
