package tech.tradeos.execution.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.embedded.EmbeddedKafka;
import tech.tradeos.execution.executor.coinbase.CoinbaseTestKeys;
import tech.tradeos.execution.executor.sim.Faults;
import tech.tradeos.execution.executor.sim.Quirks;
import tech.tradeos.execution.executor.sim.VenueSimulator;
import tech.tradeos.execution.executor.venue.OrderRequest;
import tech.tradeos.execution.executor.venue.VenueAdapter;
import tech.tradeos.execution.executor.venue.VenueOrder;
import tech.tradeos.execution.executor.venue.VenueUnavailable;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.OrderState;
import tech.tradeos.execution.model.PriceLevel;
import tech.tradeos.execution.model.Side;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;

/**
 * The venues' documented behaviours ({@link Quirks#DOCUMENTED}, sim/README.md) against the real adapters over HTTP:
 * each quirk shown on, every list an adapter reads answered in small pages and read to its end, and the in-doubt
 * error codes placed as in doubt.
 */
class VenueQuirksIT {
    private static final String KRAKEN_SPOT_SECRET = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";
    private static final String KRAKEN_FUTURES_SECRET = "rttp4AzwRfYEdQ7R7X8Z/04Y4TZPa97pqCypi3xXxAqftygftnI6H9yGV+OcUOOJeFtZkr8mVwbAndU3Kz4Q+eG";
    private static final String SECRET = "quirks-secret-for-tests-only";
    private static final List<String> INSTRUMENTS = List.of("BTC-USD", "ETH-USD", "SOL-USD");

    private VenueSimulator sim;
    private Map<String, VenueAdapter> adapters;
    private TradeosConfig config;

    @BeforeEach
    void start() throws Exception {
        int port = EmbeddedKafka.freePort();
        Map<String, String> venues = new HashMap<>();
        venues.putAll(LiveVenueContract.venueEnv("KRAKEN_SPOT", port, "ks-key", KRAKEN_SPOT_SECRET));
        venues.putAll(LiveVenueContract.venueEnv("KRAKEN_FUTURES", port, "kf-key", KRAKEN_FUTURES_SECRET));
        venues.putAll(LiveVenueContract.venueEnv("COINBASE", port, "organizations/t/apiKeys/e", CoinbaseTestKeys.SEC1));
        for (String v : List.of("GEMINI", "BINANCE_SPOT", "BINANCE_FUTURES", "BYBIT_SPOT", "BYBIT_PERP")) {
            venues.putAll(LiveVenueContract.venueEnv(v, port, v.toLowerCase() + "-key", SECRET));
        }
        config = ConfigLoader.load(null, LiveVenueContract.base(venues));
        Map<String, VenueSimulator.Account> accounts = new HashMap<>();
        accounts.put("KRAKEN_SPOT", new VenueSimulator.Account("ks-key", KRAKEN_SPOT_SECRET));
        accounts.put("KRAKEN_FUTURES", new VenueSimulator.Account("kf-key", KRAKEN_FUTURES_SECRET));
        accounts.put("COINBASE", new VenueSimulator.Account("organizations/t/apiKeys/e", CoinbaseTestKeys.PUBLIC));
        for (String v : List.of("GEMINI", "BINANCE_SPOT", "BINANCE_FUTURES", "BYBIT_SPOT", "BYBIT_PERP")) {
            accounts.put(v, new VenueSimulator.Account(v.toLowerCase() + "-key", SECRET));
        }
        sim = new VenueSimulator(config, accounts, port, Faults.NONE, Quirks.DOCUMENTED.withBinanceNotFoundAfterAcceptMs(0)).start();
        for (String v : accounts.keySet()) {
            for (String instrument : INSTRUMENTS) {
                sim.book(new BookSnapshot(v, instrument, Instant.now(), 1L,
                        List.of(new PriceLevel(new BigDecimal("99"), new BigDecimal("1")), new PriceLevel(new BigDecimal("98"), new BigDecimal("5"))),
                        List.of(new PriceLevel(new BigDecimal("100"), new BigDecimal("1")), new PriceLevel(new BigDecimal("100.2"), new BigDecimal("5")))));
            }
        }
        adapters = LiveVenues.from(config);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private String symbol(String venue, String instrument) {
        return VenueSimulator.restSymbol(venue, config.venues().get(venue).symbols().get(instrument));
    }

    private VenueOrder place(String venue, String cid, String instrument, Side side, String qty) {
        return adapters.get(venue).place(new OrderRequest(cid, symbol(venue, instrument), side, new BigDecimal(qty),
                new BigDecimal(side == Side.BUY ? "101" : "98"), Instant.now().plusSeconds(5)));
    }

    private VenueOrder find(String venue, String cid, String instrument, String qty, Instant since) {
        return adapters.get(venue).find(cid, symbol(venue, instrument), new BigDecimal(qty), since).orElseThrow();
    }

    private int state(String venue, String field) {
        return sim.state().path(venue).path(field).asInt();
    }

    // ------------------------------------------------------------------------------------ client-id uniqueness

    @Test
    void binanceSpotAcceptsAClientIdAgainOnceItsOrderFilledAndRefusesItWithoutTheQuirk() {
        String cid = UUID.randomUUID().toString();
        assertThat(place("BINANCE_SPOT", cid, "BTC-USD", Side.BUY, "0.5").state()).isEqualTo(OrderState.ACKED);
        assertThat(place("BINANCE_SPOT", cid, "BTC-USD", Side.BUY, "0.5").state()).as("filled: the id may be used again").isEqualTo(OrderState.ACKED);
        assertThat(state("BINANCE_SPOT", "maxPlacementsPerClientId")).isEqualTo(2);
        assertThat(state("BINANCE_SPOT", "reusedClientIds")).isEqualTo(1);
        sim.quirks(Quirks.NONE);
        // -2010 "Duplicate order sent.": an order under the id exists — in doubt, never a final REJECTED
        assertThatThrownBy(() -> place("BINANCE_SPOT", cid, "BTC-USD", Side.BUY, "0.5")).isInstanceOf(VenueUnavailable.class)
                .hasMessageContaining("Duplicate order sent.");
        assertThat(state("BINANCE_SPOT", "maxPlacementsPerClientId")).isEqualTo(2);
    }

    @Test
    void krakenSpotAndGeminiAcceptAReusedClientIdOfAClosedOrder() {
        for (String venue : List.of("KRAKEN_SPOT", "GEMINI", "KRAKEN_FUTURES", "BINANCE_FUTURES")) {
            String cid = UUID.randomUUID().toString();
            place(venue, cid, "BTC-USD", Side.BUY, "0.5");
            assertThat(place(venue, cid, "BTC-USD", Side.BUY, "0.5").state()).as(venue).isEqualTo(OrderState.ACKED);
            assertThat(state(venue, "reusedClientIds")).as(venue).isEqualTo(1);
        }
    }

    @Test
    void bybitRefusesEveryReuseWithItsCategorysCodeAndTheAdapterTakesItAsInDoubt() {
        String spot = UUID.randomUUID().toString();
        place("BYBIT_SPOT", spot, "BTC-USD", Side.BUY, "0.5");
        assertThatThrownBy(() -> place("BYBIT_SPOT", spot, "BTC-USD", Side.BUY, "0.5")).isInstanceOf(VenueUnavailable.class)
                .hasMessageContaining("170141");
        String linear = UUID.randomUUID().toString();
        place("BYBIT_PERP", linear, "BTC-USD", Side.BUY, "0.5");
        assertThatThrownBy(() -> place("BYBIT_PERP", linear, "BTC-USD", Side.BUY, "0.5")).isInstanceOf(VenueUnavailable.class)
                .hasMessageContaining("110072");
        assertThat(state("BYBIT_SPOT", "maxPlacementsPerClientId")).isEqualTo(1);
    }

    @Test
    void coinbaseAnswersADuplicateClientIdWithTheExistingOrderAndPlacesNothing() {
        String cid = UUID.randomUUID().toString();
        VenueOrder first = place("COINBASE", cid, "BTC-USD", Side.BUY, "0.5");
        VenueOrder again = place("COINBASE", cid, "BTC-USD", Side.BUY, "0.5");
        assertThat(again.venueOrderId()).isEqualTo(first.venueOrderId());
        assertThat(state("COINBASE", "orders")).isEqualTo(1);
        assertThat(state("COINBASE", "maxPlacementsPerClientId")).isEqualTo(1);
    }

    @Test
    void aClientIdReusedWhileItsOrderIsOpenIsRefusedWhereUniquenessCoversOpenOrders() {
        String kf = UUID.randomUUID().toString();
        place("KRAKEN_FUTURES", kf, "BTC-USD", Side.BUY, "0.5");
        sim.keepOpen("KRAKEN_FUTURES", kf);
        // sendStatus clientOrderIdAlreadyExist: an order under the id exists — in doubt, looked up, never REJECTED
        assertThatThrownBy(() -> place("KRAKEN_FUTURES", kf, "BTC-USD", Side.BUY, "0.5")).isInstanceOf(VenueUnavailable.class)
                .hasMessageContaining("clientOrderIdAlreadyExist");
        String ks = UUID.randomUUID().toString();
        place("KRAKEN_SPOT", ks, "BTC-USD", Side.BUY, "0.5");
        sim.keepOpen("KRAKEN_SPOT", ks);
        assertThat(place("KRAKEN_SPOT", ks, "BTC-USD", Side.BUY, "0.5").state()).isEqualTo(OrderState.REJECTED);
        assertThat(state("KRAKEN_SPOT", "reusedClientIds")).isZero();
    }

    @Test
    void coinbaseUnknownOrderStatusAndEditQueuedAreNotFinal() {
        Instant before = Instant.now().minusSeconds(1);
        String cid = UUID.randomUUID().toString();
        place("COINBASE", cid, "BTC-USD", Side.BUY, "0.5");
        for (String status : List.of("UNKNOWN_ORDER_STATUS", "EDIT_QUEUED")) {
            sim.reportStatus("COINBASE", cid, status);
            assertThat(find("COINBASE", cid, "BTC-USD", "0.5", before).state()).as(status).isEqualTo(OrderState.PARTIALLY_FILLED);
        }
        sim.reportStatus("COINBASE", cid, null);
        assertThat(find("COINBASE", cid, "BTC-USD", "0.5", before).state()).isEqualTo(OrderState.FILLED);
    }

    // ----------------------------------------------------------------------------------------- lookups that miss

    @Test
    void binanceAnswersMinus2013ForAnOrderJustAcceptedWhileTheQuirkLasts() {
        sim.quirks(Quirks.DOCUMENTED.withBinanceNotFoundAfterAcceptMs(60_000));
        String cid = UUID.randomUUID().toString();
        Instant before = Instant.now().minusSeconds(1);
        place("BINANCE_SPOT", cid, "BTC-USD", Side.BUY, "0.5");
        assertThat(adapters.get("BINANCE_SPOT").find(cid, "BTCUSDT", new BigDecimal("0.5"), before)).isEmpty();
        sim.quirks(Quirks.DOCUMENTED.withBinanceNotFoundAfterAcceptMs(0));
        assertThat(find("BINANCE_SPOT", cid, "BTC-USD", "0.5", before).state()).isEqualTo(OrderState.FILLED);
    }

    @Test
    void krakenFuturesFillsCarryNoClientIdAndArePagedBackByLastFillTimeToTheOrder() {
        Instant before = Instant.now().minusSeconds(1);
        String cid = UUID.randomUUID().toString();
        place("KRAKEN_FUTURES", cid, "BTC-USD", Side.BUY, "0.5");
        for (int i = 0; i < 5; i++) { // newer fills in front of it: three pages of two
            place("KRAKEN_FUTURES", UUID.randomUUID().toString(), "ETH-USD", Side.BUY, "0.5");
        }
        VenueOrder o = find("KRAKEN_FUTURES", cid, "BTC-USD", "0.5", before);
        assertThat(o.state()).isEqualTo(OrderState.FILLED);
        assertThat(o.executions()).singleElement().satisfies(e -> assertThat(e.quantity()).isEqualByComparingTo("0.5"));
    }

    @Test
    void krakenFuturesAnIocThatMatchesNothingIsIocWouldNotExecute() {
        VenueOrder o = adapters.get("KRAKEN_FUTURES").place(new OrderRequest(UUID.randomUUID().toString(), "PF_XBTUSD", Side.BUY,
                new BigDecimal("0.5"), new BigDecimal("50"), null));
        assertThat(o.state()).isEqualTo(OrderState.REJECTED);
        assertThat(o.reason()).contains("iocWouldNotExecute");
    }

    // ------------------------------------------------------------------------------------------ pages, every list

    @Test
    void coinbaseAccountsOrdersAndFillsAreReadAcrossPages() {
        sim.quirks(Quirks.DOCUMENTED.withBinanceNotFoundAfterAcceptMs(0).withPageSize(1));
        Instant before = Instant.now().minusSeconds(1);
        String cid = UUID.randomUUID().toString();
        place("COINBASE", cid, "BTC-USD", Side.BUY, "1.5"); // two fills: two pages
        place("COINBASE", UUID.randomUUID().toString(), "BTC-USD", Side.BUY, "0.5");
        place("COINBASE", UUID.randomUUID().toString(), "BTC-USD", Side.BUY, "0.5");
        VenueOrder o = find("COINBASE", cid, "BTC-USD", "1.5", before);
        assertThat(o.state()).isEqualTo(OrderState.FILLED);
        assertThat(o.executions()).hasSize(2);
        sim.startingBalance("COINBASE", "SOL-USD", new BigDecimal("3"));
        // four empty wallets listed first, then BTC and SOL: the traded assets are on pages 5 and 6
        Map<String, BigDecimal> balances = adapters.get("COINBASE").positions();
        assertThat(balances.get("BTC")).isEqualByComparingTo("2.5");
        assertThat(balances.get("SOL")).isEqualByComparingTo("3");
    }

    @Test
    void bybitPositionsExecutionsAndTransactionLogAreReadAcrossPages() {
        sim.quirks(Quirks.DOCUMENTED.withBinanceNotFoundAfterAcceptMs(0).withPageSize(1));
        Instant before = Instant.now().minusSeconds(1);
        String cid = UUID.randomUUID().toString();
        place("BYBIT_PERP", cid, "BTC-USD", Side.SELL, "1.5");
        place("BYBIT_PERP", UUID.randomUUID().toString(), "ETH-USD", Side.BUY, "0.5");
        place("BYBIT_PERP", UUID.randomUUID().toString(), "SOL-USD", Side.BUY, "0.5");
        assertThat(find("BYBIT_PERP", cid, "BTC-USD", "1.5", before).executions()).hasSize(2);
        assertThat(adapters.get("BYBIT_PERP").positions()).containsOnlyKeys("BTCUSDT", "ETHUSDT", "SOLUSDT");
        assertThat(adapters.get("BYBIT_PERP").positions().get("BTCUSDT")).isEqualByComparingTo("-1.5");
        Instant at = Instant.now();
        for (int i = 0; i < 3; i++) {
            sim.settleFunding("BYBIT_PERP", "BTCUSDT", new BigDecimal("0.0001"), new BigDecimal("100"), at.minusMillis(i));
        }
        var payments = adapters.get("BYBIT_PERP").fundingPayments(before);
        assertThat(payments).hasSize(3);
        // a short's SETTLEMENT row says feeRate −0.0001 with side Sell: the rate is 0.0001
        assertThat(payments).allSatisfy(p -> assertThat(p.rate()).isEqualByComparingTo("0.0001"));
    }

    @Test
    void binanceIncomeIsReadPastASmallPage() {
        Instant before = Instant.now().minusSeconds(1);
        place("BINANCE_FUTURES", UUID.randomUUID().toString(), "BTC-USD", Side.SELL, "0.5");
        Instant at = Instant.now();
        for (int i = 0; i < 5; i++) {
            sim.settleFunding("BINANCE_FUTURES", "BTCUSDT", new BigDecimal("0.0001"), new BigDecimal("100"), at.minusMillis(i));
        }
        assertThat(adapters.get("BINANCE_FUTURES").fundingPayments(before)).hasSize(5);
    }

    @Test
    void krakenClosedOrdersArePagedByOfsAndTheNewestUnderTheClientIdIsRead() {
        sim.quirks(Quirks.DOCUMENTED.withBinanceNotFoundAfterAcceptMs(0).withPageSize(1));
        Instant before = Instant.now().minusSeconds(1);
        String cid = UUID.randomUUID().toString();
        place("KRAKEN_SPOT", cid, "BTC-USD", Side.BUY, "0.5");
        place("KRAKEN_SPOT", cid, "BTC-USD", Side.BUY, "1.5"); // reused: Kraken checks open orders only
        VenueOrder o = find("KRAKEN_SPOT", cid, "BTC-USD", "1.5", before);
        assertThat(o.filledQuantity()).isEqualByComparingTo("1.5");
    }

    // ------------------------------------------------------------------------------------ balances and fees

    @Test
    void krakenBalanceKeysAreTheVenuesNames() {
        place("KRAKEN_SPOT", UUID.randomUUID().toString(), "BTC-USD", Side.BUY, "0.5");
        place("KRAKEN_SPOT", UUID.randomUUID().toString(), "ETH-USD", Side.BUY, "0.5");
        place("KRAKEN_SPOT", UUID.randomUUID().toString(), "SOL-USD", Side.BUY, "0.5");
        assertThat(adapters.get("KRAKEN_SPOT").positions()).containsKeys("XXBT", "XETH", "SOL");
    }

    @Test
    void spotFeesAreChargedInTheBaseWhereTheVenuesChargeThemAndBalancesAreNetOfThem() {
        Instant before = Instant.now().minusSeconds(1);
        String cid = UUID.randomUUID().toString();
        place("BINANCE_SPOT", cid, "BTC-USD", Side.BUY, "0.5"); // 10 bps of 0.5 BTC in BTC
        assertThat(sim.state().path("BINANCE_SPOT").path("positions").path("BTCUSDT").asText()).isEqualTo("0.4995");
        VenueOrder o = find("BINANCE_SPOT", cid, "BTC-USD", "0.5", before);
        assertThat(o.fees()).as("valued in the quote at the trade's price").isEqualByComparingTo("0.05");
        assertThat(o.executions().get(0).tradeId()).as("trade ids are unique per symbol").startsWith("BTCUSDT:");
        assertThat(o.executions().get(0).feeAsset()).isEqualTo("BTC");
        assertThat(o.executions().get(0).feeCharged()).isEqualByComparingTo("0.0005");
        place("BYBIT_SPOT", UUID.randomUUID().toString(), "BTC-USD", Side.BUY, "0.5");
        assertThat(sim.state().path("BYBIT_SPOT").path("positions").path("BTCUSDT").asText()).isEqualTo("0.4995");
        // Kraken Spot: a sell pays in the base unless oflags=fciq; the 5 BTC held before are not a position of ours
        sim.startingBalance("KRAKEN_SPOT", "BTC-USD", new BigDecimal("5"));
        place("KRAKEN_SPOT", UUID.randomUUID().toString(), "BTC-USD", Side.SELL, "1");
        BigDecimal fee = new BigDecimal("1").multiply(config.venues().get("KRAKEN_SPOT").takerFeeBps().movePointLeft(4));
        assertThat(adapters.get("KRAKEN_SPOT").positions().get("XXBT")).isEqualByComparingTo(new BigDecimal("4").subtract(fee));
        sim.quirks(Quirks.NONE);
        place("BINANCE_SPOT", UUID.randomUUID().toString(), "ETH-USD", Side.BUY, "0.5");
        assertThat(sim.state().path("BINANCE_SPOT").path("positions").path("ETHUSDT").asText()).as("without the quirk: gross").isEqualTo("0.5");
    }

    // ------------------------------------------------------------------------------------------------- faults

    @Test
    void anOrderAcceptedThenAnsweredWithA5xxIsInDoubtAndPlaced() {
        sim.faults(new Faults(0, 0, 0, 0, 0, 0, 1, 1, 0, 0, false, 0));
        assertThatThrownBy(() -> place("BINANCE_SPOT", UUID.randomUUID().toString(), "BTC-USD", Side.BUY, "0.5"))
                .isInstanceOf(VenueUnavailable.class);
        assertThat(state("BINANCE_SPOT", "orders")).isEqualTo(1);
    }

    @Test
    void aRateLimitStormAnswers429WithRetryAfterAndOldFaultsJsonStillReads() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + sim.port();
        HttpResponse<String> set = client.send(HttpRequest.newBuilder(URI.create(base + "/sim/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"latencyMs\":0,\"serverError\":0,\"tooManyRequests\":0,\"lostResponse\":0,"
                        + "\"reject\":0,\"partialFill\":0,\"seed\":1,\"rateLimitStorm\":true,\"retryAfterSeconds\":7}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(set.statusCode()).isEqualTo(200);
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v3/time")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("7");
        sim.faults(Faults.NONE);
        assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/api/v3/time")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void aStalledBodyArrivesLateButWhole() {
        sim.faults(new Faults(0, 0, 0, 0, 0, 0, 1, 0, 300, 1, false, 0));
        long start = System.nanoTime();
        assertThat(place("BINANCE_SPOT", UUID.randomUUID().toString(), "BTC-USD", Side.BUY, "0.5").state()).isEqualTo(OrderState.ACKED);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(java.time.Duration.ofMillis(300));
    }

    @Test
    void geminiRefusesAClientIdOutsideItsDocumentedCharset() {
        VenueOrder o = adapters.get("GEMINI").place(new OrderRequest("not a valid id!", "btcusd", Side.BUY, new BigDecimal("0.5"),
                new BigDecimal("101"), null));
        assertThat(o.state()).isEqualTo(OrderState.REJECTED);
        assertThat(state("GEMINI", "orders")).isZero();
    }
}
