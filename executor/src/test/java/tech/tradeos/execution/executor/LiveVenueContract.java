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
 * What every live venue adapter must do against the venue simulator over HTTP, each request signed and checked as
 * the venue checks it: a marketable buy filling across two levels with one fill per venue trade; an order read
 * again after a crash asked for first and never sent twice; a partial fill ending CANCELED with what executed; a
 * venue reject with the venue's words; a lost response found by the client id; a 5xx that left nothing placed
 * rejected as never reaching the venue; an order below the venue's lot refused before sending; wrong credentials
 * refused by the venue. One subclass per venue API says what its venue calls things.
 */
abstract class LiveVenueContract {
    protected VenueSimulator sim;
    protected Map<String, tech.tradeos.execution.executor.venue.VenueAdapter> adapters;
    protected OrderExecution execution;
    private int n;

    /** The venue the common cases trade on (spot). */
    abstract String venue();

    /** A perpetual venue of the same API for the replay case (a short), or null: the spot venue buys. */
    abstract String perpVenue();

    /** The venue's symbol for BTC-USD. */
    abstract String symbol();

    /** The simulated accounts. */
    abstract Map<String, VenueSimulator.Account> accounts();

    /** The executor's environment for this venue on the simulator's {@code port}, with wrong credentials when asked. */
    abstract Map<String, String> env(int port, boolean wrongCredentials);

    /** The start of the reason a venue reject (insufficient funds) is published with. */
    abstract String rejectReason();

    /** The start of the reason wrong credentials are published with. */
    abstract String wrongCredentialsReason();

    /** A word of the venue's own status for an IOC order's unexecuted rest. */
    abstract String partialStatusWord();

    /** Whether wrong credentials stop the order before NEW (the venue's rules endpoint is authenticated too). */
    boolean rulesNeedCredentials() {
        return false;
    }

    private final MutableClock clock = new MutableClock();

    /** Moves the execution's clock on (a venue's absence window passing). */
    void advance(java.time.Duration by) {
        clock.advance(by);
    }

    @BeforeEach
    void start() throws Exception {
        int port = EmbeddedKafka.freePort();
        TradeosConfig config = ConfigLoader.load(null, env(port, false));
        sim = new VenueSimulator(config, accounts(), port, Faults.NONE).start();
        for (String v : perpVenue() == null ? List.of(venue()) : List.of(venue(), perpVenue())) {
            sim.book(new BookSnapshot(v, "BTC-USD", Instant.now(), 1L,
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

    /** The executor's base environment: LIVE, fast lookups, every venue off but those the subclass turns on. */
    static Map<String, String> base(Map<String, String> venues) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("TRADEOS_MODE", "LIVE", "TRADEOS_EXECUTOR_LOOKUP_INTERVAL_MS", "10"));
        for (String v : List.of("KRAKEN_SPOT", "KRAKEN_FUTURES", "COINBASE", "GEMINI", "BINANCE_SPOT", "BINANCE_FUTURES", "BYBIT_SPOT",
                "BYBIT_PERP")) {
            env.put("TRADEOS_EXECUTOR_VENUES_" + v + "_ENABLED", "false");
        }
        env.putAll(venues);
        return env;
    }

    /** A venue's enabled entry: base URL on the simulator, credentials, a rate that never waits. */
    static Map<String, String> venueEnv(String venue, int port, String key, String secret) {
        String p = "TRADEOS_EXECUTOR_VENUES_" + venue + "_";
        return Map.of(p + "ENABLED", "true", p + "BASE_URL", "http://127.0.0.1:" + port, p + "API_KEY", key, p + "API_SECRET", secret,
                p + "RATE_PER_SECOND", "1000", p + "BURST", "1000");
    }

    protected RoutedOrder order(String venue, Side side, String qty) {
        String intentId = venue.toLowerCase() + "-" + (++n);
        boolean perp = venue.equals(perpVenue());
        return new RoutedOrder(Ids.orderId("BTC-USD", intentId), intentId, "BTC-USD", venue, symbol(), perp ? Market.PERP : Market.SPOT,
                side, new BigDecimal(qty), "MARKET", Mode.LIVE, Decision.BEST_COST, new BigDecimal(side == Side.BUY ? "100" : "99"),
                BigDecimal.ONE, BigDecimal.ZERO, new BigDecimal("100"), BigDecimal.ZERO, new BigDecimal("99.5"), "momentum", Action.OPEN,
                side == Side.BUY ? Direction.LONG : Direction.SHORT, BigDecimal.ONE, Instant.now(), Instant.now(), List.of());
    }

    protected static List<OrderState> states(OrderExecution.Result r) {
        return r.updates().stream().map(OrderUpdate::state).toList();
    }

    protected int state(String venue, String field) {
        return sim.state().path(venue).path(field).asInt();
    }

    /** docs/README.md §Funding (LIVE): a perp venue's funding booked on the account is read back from its history. */
    @Test
    void aPerpVenuesFundingIsReadFromItsAccountHistory() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        if (perpVenue() == null) { // a spot-only venue books no funding: nothing is read from it
            assertThat(adapters.get(venue()).booksFunding()).isFalse();
            assertThat(adapters.get(venue()).fundingPayments(before)).isEmpty();
            return;
        }
        execution.execute(order(perpVenue(), Side.SELL, "0.5"));
        var perp = adapters.get(perpVenue());
        assertThat(perp.booksFunding()).isTrue();
        assertThat(adapters.get(venue()).booksFunding()).as("a spot venue books no funding").isFalse();
        assertThat(perp.fundingPayments(before)).isEmpty();
        // short 0.5 at a settlement of 0.0001, mark 100.5: the account receives 0.5·100.5·0.0001 = 0.005025
        Instant at = Instant.now();
        sim.settleFunding(perpVenue(), symbol(), new BigDecimal("0.0001"), new BigDecimal("100.5"), at);
        var payments = perp.fundingPayments(before);
        assertThat(payments).singleElement().satisfies(p -> {
            assertThat(p.amount()).isEqualByComparingTo("0.005025");
            assertThat(p.symbol()).isEqualToIgnoringCase(symbol());
            assertThat(p.at().toEpochMilli()).isEqualTo(at.toEpochMilli());
        });
        assertThat(perp.fundingPayments(before).get(0).id()).as("the same booking, the same id").isEqualTo(payments.get(0).id());
        assertThat(perp.fundingPayments(at.plusSeconds(1))).as("read from a later instant").isEmpty();
    }

    @Test
    void aMarketableBuyFillsAcrossTwoLevelsWithOneFillPerVenueTrade() throws Exception {
        OrderExecution.Result r = execution.execute(order(venue(), Side.BUY, "1.5"));
        assertThat(states(r)).containsExactly(OrderState.NEW, OrderState.ACKED, OrderState.FILLED);
        assertThat(r.updates().get(2).filledQuantity()).isEqualByComparingTo("1.5");
        assertThat(r.fills()).extracting(Fill::price).map(BigDecimal::toPlainString).containsExactly("100", "100.2");
        assertThat(r.fills()).allSatisfy(f -> assertThat(f.fee()).as("the venue's configured taker fee, as it reports it").isPositive());
        assertThat(sim.state().path(venue()).path("positions").path(symbol()).asText()).isEqualTo("1.5");
    }

    @Test
    void anOrderReadAgainAfterACrashIsAskedForFirstAndNotSentAgain() throws Exception {
        String v = perpVenue() == null ? venue() : perpVenue();
        Side side = perpVenue() == null ? Side.BUY : Side.SELL;
        RoutedOrder o = order(v, side, "0.5");
        OrderExecution.Result first = execution.execute(o);
        assertThat(states(first)).containsExactly(OrderState.NEW, OrderState.ACKED, OrderState.FILLED);
        OrderExecution.Result again = execution.execute(o);
        assertThat(states(again)).as("no NEW: nothing was sent").containsExactly(OrderState.ACKED, OrderState.FILLED);
        assertThat(again.fills()).extracting(Fill::fillId).containsExactlyElementsOf(first.fills().stream().map(Fill::fillId).toList());
        assertThat(state(v, "maxPlacementsPerClientId")).isEqualTo(1);
        assertThat(sim.state().path(v).path("positions").path(symbol()).asText()).isEqualTo(side == Side.BUY ? "0.5" : "-0.5");
    }

    @Test
    void aPartialFillEndsCanceledWithWhatExecutedAndOneFill() throws Exception {
        sim.faults(new Faults(0, 0, 0, 0, 0, 1, 1));
        OrderExecution.Result r = execution.execute(order(venue(), Side.BUY, "1"));
        OrderUpdate last = r.updates().get(r.updates().size() - 1);
        assertThat(last.state()).isEqualTo(OrderState.CANCELED);
        assertThat(last.filledQuantity()).isEqualByComparingTo("0.4");
        assertThat(last.reason()).contains(partialStatusWord());
        assertThat(r.fills()).singleElement().satisfies(f -> assertThat(f.quantity()).isEqualByComparingTo("0.4"));
    }

    @Test
    void aVenueRejectIsRejectedWithTheVenuesWords() throws Exception {
        sim.faults(new Faults(0, 0, 0, 0, 1, 0, 1));
        OrderExecution.Result r = execution.execute(order(venue(), Side.BUY, "1"));
        assertThat(states(r)).containsExactly(OrderState.NEW, OrderState.REJECTED);
        assertThat(r.updates().get(1).reason()).startsWith(rejectReason());
        assertThat(r.fills()).isEmpty();
    }

    @Test
    void anOrderWhoseResponseWasLostIsFoundByItsClientIdAndNeverSentTwice() throws Exception {
        sim.faults(new Faults(0, 0, 0, 1, 0, 0, 1));
        OrderExecution.Result r = execution.execute(order(venue(), Side.BUY, "1"));
        assertThat(states(r)).containsExactly(OrderState.NEW, OrderState.ACKED, OrderState.FILLED);
        assertThat(r.fills()).hasSize(1);
        assertThat(state(venue(), "orders")).isEqualTo(1);
        assertThat(state(venue(), "maxPlacementsPerClientId")).isEqualTo(1);
    }

    @Test
    void aServerErrorThatPlacedNothingLeavesTheOrderUnknownUntilItsAbsenceIsCertain() throws Exception {
        sim.faults(new Faults(0, 1, 0, 0, 0, 0, 1));
        RoutedOrder o = order(venue(), Side.BUY, "0.5");
        OrderExecution.Result r = execution.execute(o);
        assertThat(states(r)).as("5xx: execution status unknown").containsExactly(OrderState.NEW, OrderState.UNKNOWN);
        assertThat(state(venue(), "orders")).isZero();
        execution.journal().settle(o.orderId(), OrderState.UNKNOWN, r.reason());
        clock.advance(java.time.Duration.ofMinutes(2));
        OrderExecution.Result later = execution.resolve(execution.journal().get(o.orderId()).orElseThrow());
        assertThat(states(later)).containsExactly(OrderState.REJECTED);
        assertThat(later.updates().get(0).reason()).startsWith("never reached the venue");
        assertThat(state(venue(), "orders")).isZero();
    }

    @Test
    void anOrderBelowTheVenuesLotIsRejectedBeforeAnythingIsSent() throws Exception {
        OrderExecution.Result r = execution.execute(order(venue(), Side.BUY, "0.00001"));
        assertThat(states(r)).containsExactly(OrderState.REJECTED);
        assertThat(r.updates().get(0).reason()).contains(venue());
        assertThat(state(venue(), "orders")).isZero();
    }

    @Test
    void wrongCredentialsAreRefusedByTheVenue() throws Exception {
        TradeosConfig wrong = ConfigLoader.load(null, env(sim.port(), true));
        OrderExecution bad = new OrderExecution(wrong.executor(), LiveVenues.from(wrong), Clock.systemUTC(), d -> { });
        OrderExecution.Result r = bad.execute(order(venue(), Side.BUY, "1"));
        if (rulesNeedCredentials()) {
            assertThat(states(r)).containsExactly(OrderState.REJECTED);
            assertThat(r.updates().get(0).reason()).contains(wrongCredentialsReason());
        } else {
            assertThat(states(r)).containsExactly(OrderState.NEW, OrderState.REJECTED);
            assertThat(r.updates().get(1).reason()).startsWith(wrongCredentialsReason());
        }
        assertThat(state(venue(), "orders")).isZero();
    }
}
