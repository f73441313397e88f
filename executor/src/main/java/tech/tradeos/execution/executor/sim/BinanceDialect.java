package tech.tradeos.execution.executor.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import tech.tradeos.execution.executor.binance.BinanceSigning;
import tech.tradeos.execution.executor.venue.Assets;
import tech.tradeos.execution.model.Side;

/**
 * The venue simulator's Binance: spot under {@code /api/v3/} (BINANCE_SPOT) and USDⓈ-M futures under {@code /fapi/}
 * (BINANCE_FUTURES), with the documented shapes — errors as {@code {"code", "msg"}} with an HTTP 4xx, {@code -2013}
 * "Order does not exist.", {@code -2010} for a refused order, {@code -1021} for a timestamp outside
 * {@code recvWindow}, {@code -1022} for a bad signature — and the documented statuses of an IOC order (FILLED, or
 * EXPIRED with what executed). Signatures are verified with {@link BinanceSigning} over the query string and body.
 */
final class BinanceDialect {
    private static final Pattern CLIENT_ID = Pattern.compile("^[.A-Z:/a-z0-9_-]{1,36}$");
    private static final String QUOTE = "USDT";

    private final VenueSimulator sim;
    private final AtomicLong orderIds = new AtomicLong(1_000_000);
    private final AtomicLong tradeIds = new AtomicLong(5_000_000);
    /** How far the simulated venue's clock is ahead of this machine's (to exercise {@code -1021}). */
    private volatile long clockAheadMs;

    BinanceDialect(VenueSimulator sim) {
        this.sim = sim;
    }

    void clockAhead(long ms) {
        clockAheadMs = ms;
    }

    private long now() {
        return System.currentTimeMillis() + clockAheadMs;
    }

    void handle(HttpExchange ex, String path, String body, String query) throws IOException {
        boolean futures = path.startsWith("/fapi/");
        String venue = futures ? "BINANCE_FUTURES" : "BINANCE_SPOT";
        SimState s = sim.venue(venue);
        if (s == null) {
            error(ex, 404, -1000, "An unknown error occurred while processing the request.");
            return;
        }
        String endpoint = path.substring(futures ? "/fapi".length() : "/api".length()); // /v1/order, /v3/order, …
        switch (endpoint) {
            case "/v3/time", "/v1/time" -> {
                VenueSimulator.reply(ex, 200, "{\"serverTime\":" + now() + "}");
                return;
            }
            case "/v3/exchangeInfo", "/v1/exchangeInfo" -> {
                exchangeInfo(ex, venue, futures, VenueSimulator.form(query).get("symbol"));
                return;
            }
            default -> {
            }
        }
        Map<String, String> p = VenueSimulator.form(query);
        p.putAll(VenueSimulator.form(body));
        String refusal = authenticate(ex, venue, query, body, p);
        if (refusal != null) {
            error(ex, 400, refusal.startsWith("-1021") ? -1021 : -1022, refusal.substring(6));
            return;
        }
        String method = ex.getRequestMethod();
        switch (method + " " + endpoint) {
            case "POST /v3/order", "POST /v1/order" -> newOrder(ex, s, futures, p);
            case "GET /v3/order", "GET /v1/order" -> {
                SimState.SimOrder o;
                synchronized (s) {
                    o = s.orders.get(p.getOrDefault("origClientOrderId", ""));
                }
                long lag = sim.quirks().binanceNotFoundAfterAcceptMs();
                // the order query reads "Memory => Database" (rest-api.md): just after acceptance it can answer -2013
                boolean notYet = o != null && lag > 0 && System.currentTimeMillis() < o.opened.toEpochMilli() + lag;
                if (o == null || !o.symbol.equals(p.get("symbol")) || notYet) {
                    error(ex, 400, -2013, "Order does not exist.");
                } else {
                    VenueSimulator.reply(ex, 200, order(o, futures).toString());
                }
            }
            case "GET /v3/myTrades", "GET /v1/userTrades" -> trades(ex, s, p);
            case "GET /v3/account" -> account(ex, s);
            case "GET /v2/positionRisk" -> positions(ex, s);
            case "GET /v1/income" -> income(ex, s, p);
            default -> error(ex, 404, -1000, "An unknown error occurred while processing the request.");
        }
    }

    /** USDⓈ-M {@code GET /fapi/v1/income}: the account's FUNDING_FEE entries from {@code startTime} on, oldest first. */
    private void income(HttpExchange ex, SimState s, Map<String, String> p) throws IOException {
        long since = p.containsKey("startTime") ? Long.parseLong(p.get("startTime")) : 0;
        String type = p.get("incomeType");
        // limit: default 100, max 1000 (Get-Income-History); a page of Quirks.pageSize when that is smaller
        int limit = p.containsKey("limit") ? Integer.parseInt(p.get("limit")) : 100;
        int size = sim.quirks().pageSize() > 0 ? Math.min(limit, sim.quirks().pageSize()) : limit;
        com.fasterxml.jackson.databind.node.ArrayNode out = tech.tradeos.execution.model.json.Json.MAPPER.createArrayNode();
        synchronized (s) {
            List<SimState.SimFunding> oldestFirst = new java.util.ArrayList<>(s.funding);
            oldestFirst.sort(java.util.Comparator.comparing(SimState.SimFunding::date)); // from startTime, the oldest first
            for (SimState.SimFunding f : oldestFirst) {
                if (out.size() < size && f.date().toEpochMilli() >= since && (type == null || type.equals("FUNDING_FEE"))) {
                    out.addObject().put("symbol", f.symbol()).put("incomeType", "FUNDING_FEE").put("income", f.amount().toPlainString())
                            .put("asset", "USDT").put("info", "FUNDING_FEE").put("time", f.date().toEpochMilli())
                            .put("tranId", f.id()).put("tradeId", "");
                }
            }
        }
        VenueSimulator.reply(ex, 200, out.toString());
    }

    /** The key, the signature over query + body (without the signature itself), and the timestamp within recvWindow. */
    private String authenticate(HttpExchange ex, String venue, String query, String body, Map<String, String> p) {
        VenueSimulator.Account account = sim.account(venue);
        String key = ex.getRequestHeaders().getFirst("X-MBX-APIKEY");
        if (account == null || key == null || !key.equals(account.apiKey())) {
            return "-1022 API-key format invalid.";
        }
        String signed = (query + body).replaceFirst("&?signature=[0-9a-fA-F]*$", "");
        String expected = BinanceSigning.sign(signed, account.apiSecret());
        String given = p.getOrDefault("signature", "");
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII))) {
            return "-1022 Signature for this request is not valid.";
        }
        long now = now();
        long timestamp;
        long window;
        try {
            timestamp = Long.parseLong(p.getOrDefault("timestamp", ""));
            window = Long.parseLong(p.getOrDefault("recvWindow", "5000"));
        } catch (NumberFormatException e) {
            return "-1021 Timestamp for this request is outside of the recvWindow.";
        }
        if (timestamp > now + 1000) {
            return "-1021 Timestamp for this request was 1000ms ahead of the server's time.";
        }
        if (now - timestamp > window) {
            return "-1021 Timestamp for this request is outside of the recvWindow.";
        }
        return null;
    }

    private void newOrder(HttpExchange ex, SimState s, boolean futures, Map<String, String> p) throws IOException {
        String cid = p.get("newClientOrderId");
        Side side = "BUY".equals(p.get("side")) ? Side.BUY : "SELL".equals(p.get("side")) ? Side.SELL : null;
        BigDecimal quantity = VenueSimulator.decimal(p.get("quantity"));
        BigDecimal price = VenueSimulator.decimal(p.get("price"));
        if (side == null || quantity == null || quantity.signum() <= 0 || price == null || price.signum() <= 0
                || !"LIMIT".equals(p.get("type")) || !"IOC".equals(p.get("timeInForce"))) {
            error(ex, 400, -1102, "Mandatory parameter was not sent, was empty/null, or malformed.");
            return;
        }
        if (!sim.lists(s.venue, p.get("symbol"))) {
            error(ex, 400, -1121, "Invalid symbol.");
            return;
        }
        if (cid != null && !CLIENT_ID.matcher(cid).matches()) {
            error(ex, 400, -1100, "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.");
            return;
        }
        VenueSimulator.Placement placement = sim.place(s, cid, p.get("symbol"), side, quantity, price,
                () -> Long.toString(orderIds.incrementAndGet()), () -> Long.toString(tradeIds.incrementAndGet()));
        switch (placement.outcome()) {
            case SERVER_ERROR -> error(ex, 500, -1001, "Internal error; unable to process your request. Please try again.");
            // errors.md -1007 TIMEOUT; "HTTP 5XX … could have been a success" (rest-api.md): here it was
            case ACCEPTED_THEN_ERROR -> error(ex, 503, -1007,
                    "Timeout waiting for response from backend server. Send status unknown; execution status unknown.");
            case TOO_MANY_REQUESTS -> error(ex, 429, -1003, "Too much request weight used.");
            case LOST -> { } // accepted, matched, and no answer: the connection closes
            case REFUSED -> error(ex, 400, -2010, placement.refusal() == VenueSimulator.Refusal.DUPLICATE_CLIENT_ID
                    ? "Duplicate order sent." : "Account has insufficient balance for requested action.");
            case ACCEPTED -> {
                ObjectNode o;
                synchronized (s) {
                    o = order(placement.order(), futures);
                }
                VenueSimulator.reply(ex, 200, o.toString());
            }
        }
    }

    /** An order as the venue reports it (RESULT shape); an IOC order is FILLED or EXPIRED with what executed. */
    private static ObjectNode order(SimState.SimOrder o, boolean futures) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("symbol", o.symbol).put("orderId", Long.parseLong(o.venueOrderId)).put("clientOrderId", o.clientOrderId)
                .put("price", o.limit.toPlainString()).put("origQty", o.quantity.toPlainString())
                .put("executedQty", o.filled.toPlainString())
                .put(futures ? "cumQuote" : "cummulativeQuoteQty", o.notional.toPlainString())
                .put("status", o.filled.compareTo(o.quantity) >= 0 ? "FILLED" : o.closed == null ? "NEW" : "EXPIRED")
                .put("timeInForce", "IOC").put("type", "LIMIT").put("side", o.side.name())
                .put(futures ? "updateTime" : "transactTime", (o.closed == null ? o.opened : o.closed).toEpochMilli());
        if (futures) {
            n.put("avgPrice", o.averagePrice().toPlainString());
        }
        return n;
    }

    private void trades(HttpExchange ex, SimState s, Map<String, String> p) throws IOException {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        String orderId = p.get("orderId");
        synchronized (s) {
            for (SimState.SimTrade t : s.trades) {
                if (t.order().symbol.equals(p.get("symbol")) && (orderId == null || orderId.equals(t.order().venueOrderId))) {
                    list.addObject().put("symbol", t.order().symbol).put("id", Long.parseLong(t.tradeId()))
                            .put("orderId", Long.parseLong(t.order().venueOrderId)).put("price", t.price().toPlainString())
                            .put("qty", t.quantity().toPlainString())
                            .put("quoteQty", t.quantity().multiply(t.price()).toPlainString())
                            .put("commission", t.feeCharged().toPlainString())
                            .put("commissionAsset", t.feeAsset() == null ? QUOTE : t.feeAsset())
                            .put("time", t.time().toEpochMilli()).put("side", t.order().side.name()).put("maker", false);
                }
            }
        }
        VenueSimulator.reply(ex, 200, list.toString());
    }

    private void account(HttpExchange ex, SimState s) throws IOException {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("canTrade", true);
        ArrayNode balances = out.putArray("balances");
        synchronized (s) {
            s.positions.forEach((symbol, q) -> balances.addObject().put("asset", Assets.base(symbol))
                    .put("free", q.toPlainString()).put("locked", "0.00000000"));
        }
        VenueSimulator.reply(ex, 200, out.toString());
    }

    private void positions(HttpExchange ex, SimState s) throws IOException {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        synchronized (s) {
            s.positions.forEach((symbol, q) -> list.addObject().put("symbol", symbol).put("positionAmt", q.toPlainString())
                    .put("positionSide", "BOTH"));
        }
        VenueSimulator.reply(ex, 200, list.toString());
    }

    private void exchangeInfo(HttpExchange ex, String venue, boolean futures, String only) throws IOException {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("timezone", "UTC").put("serverTime", now());
        ArrayNode symbols = out.putArray("symbols");
        for (String symbol : sim.symbols(venue)) {
            if (only != null && !only.equals(symbol)) {
                continue;
            }
            ObjectNode sym = symbols.addObject().put("symbol", symbol).put("status", "TRADING")
                    .put("baseAsset", Assets.base(symbol)).put("quoteAsset", QUOTE);
            ArrayNode filters = sym.putArray("filters");
            filters.addObject().put("filterType", "PRICE_FILTER").put("minPrice", "0.01").put("maxPrice", "1000000.00")
                    .put("tickSize", "0.01");
            filters.addObject().put("filterType", "LOT_SIZE").put("minQty", "0.00010").put("maxQty", "9000.00000")
                    .put("stepSize", "0.00010");
            if (futures) {
                filters.addObject().put("filterType", "MIN_NOTIONAL").put("notional", "5");
            } else {
                filters.addObject().put("filterType", "NOTIONAL").put("minNotional", "5.00000000").put("applyMinToMarket", true)
                        .put("maxNotional", "9000000.00000000").put("applyMaxToMarket", false).put("avgPriceMins", 5);
            }
        }
        if (symbols.isEmpty()) {
            error(ex, 400, -1121, "Invalid symbol.");
            return;
        }
        VenueSimulator.reply(ex, 200, out.toString());
    }

    private static void error(HttpExchange ex, int status, int code, String msg) throws IOException {
        VenueSimulator.reply(ex, status, JsonNodeFactory.instance.objectNode().put("code", code).put("msg", msg).toString());
    }
}
