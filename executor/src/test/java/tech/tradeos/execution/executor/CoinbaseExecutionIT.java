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
 * One LIVE order through the Coinbase Advanced Trade adapter against the venue simulator over HTTP, which verifies
 * each request's ES256 JWT with the key's public half (and its uri and lifetime): fills, a partial fill, a reject, a
 * lost response, a 500 (in doubt: looked up), a replay after a crash, the venue's minimum, a wrong key.
 */
class CoinbaseExecutionIT {
    private static final String KEY_NAME = "organizations/tradeos-test/apiKeys/executor";
    private static final String SPOT_SECRET = tech.tradeos.execution.executor.coinbase.CoinbaseTestKeys.SEC1;
    private VenueSimulator sim;
    private OrderExecution execution;
    private int n;

    @BeforeEach
    void start() throws Exception {
        int port = EmbeddedKafka.freePort();
        TradeosConfig config = ConfigLoader.load(null, env(port, SPOT_SECRET));
        sim = new VenueSimulator(config, Map.of("COINBASE", new VenueSimulator.Account(KEY_NAME,
                tech.tradeos.execution.executor.coinbase.CoinbaseTestKeys.PUBLIC)), port, Faults.NONE).start();
        sim.book(new BookSnapshot("COINBASE", "BTC-USD", Instant.now(), 1L,
                List.of(new PriceLevel(new BigDecimal("99"), new BigDecimal("1")), new PriceLevel(new BigDecimal("98"), new BigDecimal("5"))),
                List.of(new PriceLevel(new BigDecimal("100"), new BigDecimal("1")), new PriceLevel(new BigDecimal("100.2"), new BigDecimal("5")))));
        execution = new OrderExecution(config.executor(), LiveVenues.from(config), Clock.systemUTC(), d -> { });
    }

    private static Map<String, String> env(int port, String secret) {
        return Map.of("TRADEOS_MODE", "LIVE",
                "TRADEOS_EXECUTOR_LOOKUP_INTERVAL_MS", "10",
                "TRADEOS_EXECUTOR_VENUES_KRAKEN_SPOT_ENABLED", "false",
                "TRADEOS_EXECUTOR_VENUES_KRAKEN_FUTURES_ENABLED", "false",
                "TRADEOS_EXECUTOR_VENUES_COINBASE_BASE_URL", "http://127.0.0.1:" + port,
                "TRADEOS_EXECUTOR_VENUES_COINBASE_API_KEY", KEY_NAME,
                "TRADEOS_EXECUTOR_VENUES_COINBASE_API_SECRET", secret,
                "TRADEOS_EXECUTOR_VENUES_COINBASE_RATE_PER_SECOND", "1000",
                "TRADEOS_EXECUTOR_VENUES_COINBASE_BURST", "1000");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private RoutedOrder order(String venue, Side side, String qty) {
        String intentId = "cb-" + (++n);
        return new RoutedOrder(Ids.orderId("BTC-USD", intentId), intentId, "BTC-USD", venue, "BTC-USD", Market.SPOT, side, new BigDecimal(qty), "MARKET", Mode.LIVE,
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
        OrderExecution.Result r = execution.execute(order("COINBASE", Side.BUY, "1.5"), false);
        assertThat(states(r)).containsExactly(OrderState.NEW, OrderState.ACKED, OrderState.FILLED);
        assertThat(r.updates().get(2).filledQuantity()).isEqualByComparingTo("1.5");
        assertThat(r.fills()).extracting(Fill::price).map(BigDecimal::toPlainString).containsExactly("100", "100.2");
        // the simulator charges COINBASE's configured taker fee, reported as each fill's commission
        assertThat(r.fills()).allSatisfy(f -> assertThat(f.fee()).isPositive());
        assertThat(sim.state().path("COINBASE").path("positions").path("BTC-USD").asText()).isEqualTo("1.5");
    }

    @Test
    void anOrderReadAgainAfterACrashIsAskedForFirstAndNotSentAgain() throws Exception {
        RoutedOrder o = order("COINBASE", Side.BUY, "0.5");
        OrderExecution.Result first = execution.execute(o, false);
        assertThat(states(first)).containsExactly(OrderState.NEW, OrderState.ACKED, OrderState.FILLED);
        OrderExecution.Result again = execution.execute(o, true);
        assertThat(states(again)).as("no NEW: nothing was sent").containsExactly(OrderState.ACKED, OrderState.FILLED);
        assertThat(again.fills()).extracting(Fill::fillId).containsExactlyElementsOf(first.fills().stream().map(Fill::fillId).toList());
        assertThat(state("COINBASE", "maxPlacementsPerClientId")).isEqualTo(1);
        assertThat(sim.state().path("COINBASE").path("positions").path("BTC-USD").asText()).isEqualTo("0.5");
    }

    @Test
    void aPartialFillEndsCanceledWithWhatExecuted() throws Exception {
        sim.faults(new Faults(0, 0, 0, 0, 0, 1, 1));
        OrderExecution.Result r = execution.execute(order("COINBASE", Side.BUY, "1"), false);
        OrderUpdate last = r.updates().get(r.updates().size() - 1);
        assertThat(last.state()).isEqualTo(OrderState.CANCELED);
        assertThat(last.filledQuantity()).isEqualByComparingTo("0.4");
        assertThat(last.reason()).contains("CANCELLED");
        assertThat(r.fills()).singleElement().satisfies(f -> assertThat(f.quantity()).isEqualByComparingTo("0.4"));
    }

    @Test
    void aVenueRejectIsRejectedWithItsCodeAndWords() throws Exception {
        sim.faults(new Faults(0, 0, 0, 0, 1, 0, 1));
        OrderExecution.Result r = execution.execute(order("COINBASE", Side.BUY, "1"), false);
        assertThat(states(r)).containsExactly(OrderState.NEW, OrderState.REJECTED);
        assertThat(r.updates().get(1).reason()).isEqualTo("COINBASE: INSUFFICIENT_FUND Insufficient balance in source account");
    }

    @Test
    void anOrderWhoseResponseWasLostIsFoundByItsClientIdAndNeverSentTwice() throws Exception {
        sim.faults(new Faults(0, 0, 0, 1, 0, 0, 1));
        OrderExecution.Result r = execution.execute(order("COINBASE", Side.BUY, "1"), false);
        assertThat(states(r)).containsExactly(OrderState.NEW, OrderState.ACKED, OrderState.FILLED);
        assertThat(r.fills()).hasSize(1);
        assertThat(state("COINBASE", "orders")).isEqualTo(1);
        assertThat(state("COINBASE", "maxPlacementsPerClientId")).isEqualTo(1);
    }

    @Test
    void aServerErrorIsInDoubtAndTheOrderIsLookedUpNotRejectedBlindly() throws Exception {
        sim.faults(new Faults(0, 1, 0, 0, 0, 0, 1));
        OrderExecution.Result r = execution.execute(order("COINBASE", Side.BUY, "0.5"), false);
        assertThat(states(r)).containsExactly(OrderState.NEW, OrderState.REJECTED);
        assertThat(r.updates().get(1).reason()).startsWith("never reached the venue").contains("500");
        assertThat(state("COINBASE", "orders")).isZero();
    }

    @Test
    void anOrderBelowTheVenuesLotIsRejectedBeforeAnythingIsSent() throws Exception {
        OrderExecution.Result r = execution.execute(order("COINBASE", Side.BUY, "0.00001"), false);
        assertThat(states(r)).containsExactly(OrderState.REJECTED);
        assertThat(r.updates().get(0).reason()).contains("COINBASE");
        assertThat(state("COINBASE", "orders")).isZero();
    }

    @Test
    void aWrongSecretFailsTheSimulatorsSignatureCheck() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        String otherKey = "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getEncoder().encodeToString(g.generateKeyPair().getPrivate()
                .getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        TradeosConfig wrong = ConfigLoader.load(null, env(sim.port(), otherKey));
        OrderExecution bad = new OrderExecution(wrong.executor(), LiveVenues.from(wrong), Clock.systemUTC(), d -> { });
        OrderExecution.Result r = bad.execute(order("COINBASE", Side.BUY, "1"), false);
        // Coinbase's product endpoint is authenticated too: the rules cannot be read, nothing is sent
        assertThat(states(r)).containsExactly(OrderState.REJECTED);
        assertThat(r.updates().get(0).reason()).contains("401").contains("unauthorized invalid signature");
        assertThat(state("COINBASE", "orders")).isZero();
    }
}
