package tech.tradeos.execution.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.executor.binance.BinanceAdapter;
import tech.tradeos.execution.executor.bybit.BybitAdapter;
import tech.tradeos.execution.executor.coinbase.CoinbaseAdapter;
import tech.tradeos.execution.executor.coinbase.CoinbaseTestKeys;
import tech.tradeos.execution.executor.gemini.GeminiAdapter;
import tech.tradeos.execution.executor.venue.InstrumentRules;
import tech.tradeos.execution.executor.venue.RateLimiter;
import tech.tradeos.execution.executor.venue.VenueHttp;

/**
 * Each adapter reads its venue's instrument endpoint in the shape the venue documents (the filter and field names of
 * its example responses: Binance filters.md, Bybit v5 market/instrument, Gemini symbols/details, Coinbase
 * products/{id}) into the lot step, tick and minimums the executor rounds to.
 */
class VenueInstrumentRulesTest {
    private static final Map<String, String> ANSWERS = Map.of(
            "/api/v3/exchangeInfo", """
                    {"symbols":[{"symbol":"ETHBTC","status":"TRADING","filters":[
                      {"filterType":"PRICE_FILTER","minPrice":"0.00000100","maxPrice":"100000.00000000","tickSize":"0.00000100"},
                      {"filterType":"LOT_SIZE","minQty":"0.00100000","maxQty":"100000.00000000","stepSize":"0.00100000"},
                      {"filterType":"NOTIONAL","minNotional":"10.00000000","applyMinToMarket":false,"maxNotional":"10000.00000000",
                       "applyMaxToMarket":false,"avgPriceMins":5}]}]}""",
            "/fapi/v1/exchangeInfo", """
                    {"symbols":[{"symbol":"BTCUSDT","status":"TRADING","filters":[
                      {"filterType":"PRICE_FILTER","minPrice":"556.80","maxPrice":"4529764","tickSize":"0.10"},
                      {"filterType":"LOT_SIZE","stepSize":"0.001","maxQty":"1000","minQty":"0.001"},
                      {"filterType":"MIN_NOTIONAL","notional":"100"}]}]}""",
            "/v5/market/instruments-info", """
                    {"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[{"symbol":"BTCUSDT","status":"Trading",
                      "priceFilter":{"minPrice":"0.10","maxPrice":"199999.80","tickSize":"0.10"},
                      "lotSizeFilter":{"maxOrderQty":"100.000","minOrderQty":"0.001","qtyStep":"0.001","postOnlyMaxOrderQty":"1000.000",
                       "maxMktOrderQty":"100.000","minNotionalValue":"5"},"fundingInterval":480}]}}""",
            "/v1/symbols/details/btcusd", """
                    {"symbol":"BTCUSD","base_currency":"BTC","quote_currency":"USD","tick_size":1E-8,"quote_increment":0.01,
                     "min_order_size":"0.00001","status":"open","wrap_enabled":false}""",
            "/api/v3/brokerage/products/BTC-USD", """
                    {"product_id":"BTC-USD","price":"67000.01","base_increment":"0.00000001","quote_increment":"0.01",
                     "quote_min_size":"1","base_min_size":"0.00000001","status":"online","price_increment":"0.01"}""");

    private HttpServer server;
    private VenueHttp http;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/", ex -> {
            String body = ANSWERS.getOrDefault(ex.getRequestURI().getPath(), "{}");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
        http = new VenueHttp("TEST", "http://127.0.0.1:" + server.getAddress().getPort(), Duration.ofSeconds(5), new RateLimiter(1000, 1000));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String r(InstrumentRules rules) {
        return rules.lotStep().stripTrailingZeros().toPlainString() + " " + rules.tick().stripTrailingZeros().toPlainString() + " "
                + rules.minQuantity().stripTrailingZeros().toPlainString() + " " + rules.minNotional().stripTrailingZeros().toPlainString();
    }

    @Test
    void binanceSpotReadsLotSizePriceFilterAndNotional() {
        assertThat(r(new BinanceAdapter("BINANCE_SPOT", BinanceAdapter.Api.SPOT, http, "k", "s").rules("ETHBTC")))
                .isEqualTo("0.001 0.000001 0.001 10");
    }

    @Test
    void binanceUsdmReadsMinNotionalsNotional() {
        assertThat(r(new BinanceAdapter("BINANCE_FUTURES", BinanceAdapter.Api.USDM, http, "k", "s").rules("BTCUSDT")))
                .isEqualTo("0.001 0.1 0.001 100");
    }

    @Test
    void bybitLinearReadsQtyStepTickSizeMinOrderQtyAndMinNotionalValue() {
        assertThat(r(new BybitAdapter("BYBIT_PERP", "linear", http, "k", "s").rules("BTCUSDT"))).isEqualTo("0.001 0.1 0.001 5");
    }

    @Test
    void geminiReadsTickSizeAsTheAmountStepAndQuoteIncrementAsThePriceTick() {
        assertThat(r(new GeminiAdapter("GEMINI", http, "k", "s").rules("btcusd"))).isEqualTo("0.00000001 0.01 0.00001 0");
    }

    @Test
    void coinbaseReadsBaseIncrementPriceIncrementAndTheMinimums() {
        assertThat(r(new CoinbaseAdapter("COINBASE", http, "api.coinbase.com", "organizations/o/apiKeys/k", CoinbaseTestKeys.SEC1)
                .rules("BTC-USD"))).isEqualTo("0.00000001 0.01 0.00000001 1");
    }
}
