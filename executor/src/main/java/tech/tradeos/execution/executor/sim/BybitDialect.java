package tech.tradeos.execution.executor.sim;

import com.fasterxml.jackson.databind.JsonNode;
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
import tech.tradeos.execution.executor.bybit.BybitSigning;
import tech.tradeos.execution.executor.venue.Assets;
import tech.tradeos.execution.model.Side;
import tech.tradeos.execution.model.json.Json;

/**
 * The venue simulator's Bybit v5 under {@code /v5/}: category {@code spot} is BYBIT_SPOT, {@code linear} BYBIT_PERP.
 * Every answer is {@code {retCode, retMsg, result, retExtInfo, time}} with HTTP 200, as the venue answers; the
 * documented codes: 10002 (timestamp outside [server − recvWindow, server + 1000)), 10003 (key), 10004 (sign), 10006
 * (rate limit), 10016 (server error), 110072 (duplicate orderLinkId), 110007 / 170131 (insufficient balance). An IOC
 * order ends Filled, or Cancelled (linear) / PartiallyFilledCanceled (spot, partly executed) with what executed.
 */
final class BybitDialect {
    private static final Pattern LINK_ID = Pattern.compile("[A-Za-z0-9_-]{1,36}");

    private final VenueSimulator sim;
    private final AtomicLong ids = new AtomicLong(1_700_000_000_000L);

    BybitDialect(VenueSimulator sim) {
        this.sim = sim;
    }

    void handle(HttpExchange ex, String path, String body, String query) throws IOException {
        Map<String, String> q = VenueSimulator.form(query);
        if (path.equals("/v5/market/time")) {
            long now = System.currentTimeMillis();
            ObjectNode r = JsonNodeFactory.instance.objectNode().put("timeSecond", Long.toString(now / 1000))
                    .put("timeNano", Long.toString(now * 1_000_000));
            ok(ex, r);
            return;
        }
        JsonNode json = null;
        if (ex.getRequestMethod().equals("POST")) {
            try {
                json = Json.tree(body);
            } catch (IOException malformed) {
                fail(ex, 10001, "Request parameter error.");
                return;
            }
        }
        String category = json != null ? json.path("category").asText("") : q.getOrDefault("category", "spot");
        String venue = category.equals("linear") ? "BYBIT_PERP" : category.equals("spot") ? "BYBIT_SPOT" : null;
        SimState s = venue == null ? null : sim.venue(venue);
        if (s == null) {
            fail(ex, 10001, "Illegal category");
            return;
        }
        if (path.equals("/v5/market/instruments-info")) {
            instruments(ex, s, category, q.get("symbol"));
            return;
        }
        String refusal = authenticate(ex, venue, json != null ? body : query);
        if (refusal != null) {
            fail(ex, Integer.parseInt(refusal.substring(0, 5)), refusal.substring(6));
            return;
        }
        switch (ex.getRequestMethod() + " " + path) {
            case "POST /v5/order/create" -> create(ex, s, category, json);
            case "GET /v5/order/realtime", "GET /v5/order/history" -> orders(ex, s, category, q);
            case "GET /v5/execution/list" -> executions(ex, s, q);
            case "GET /v5/position/list" -> positions(ex, s, q);
            case "GET /v5/account/wallet-balance" -> wallet(ex, s);
            case "GET /v5/account/transaction-log" -> transactionLog(ex, s, q);
            default -> fail(ex, 10001, "Request parameter error.");
        }
    }

    private String authenticate(HttpExchange ex, String venue, String payload) {
        VenueSimulator.Account account = sim.account(venue);
        var h = ex.getRequestHeaders();
        String key = h.getFirst("X-BAPI-API-KEY");
        if (account == null || key == null || !key.equals(account.apiKey())) {
            return "10003 API key is invalid.";
        }
        long timestamp;
        long window;
        try {
            timestamp = Long.parseLong(h.getFirst("X-BAPI-TIMESTAMP"));
            window = Long.parseLong(h.getFirst("X-BAPI-RECV-WINDOW") == null ? "5000" : h.getFirst("X-BAPI-RECV-WINDOW"));
        } catch (NumberFormatException e) {
            return "10002 The request time exceeds the time window range.";
        }
        String expected = BybitSigning.sign(timestamp, key, window, payload, account.apiSecret());
        String given = h.getFirst("X-BAPI-SIGN");
        if (given == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII))) {
            return "10004 Error sign, please check your signature generation algorithm.";
        }
        long now = System.currentTimeMillis();
        if (timestamp < now - window || timestamp >= now + 1000) {
            return "10002 The request time exceeds the time window range.";
        }
        return null;
    }

    private void create(HttpExchange ex, SimState s, String category, JsonNode o) throws IOException {
        String link = o.path("orderLinkId").asText(null);
        Side side = "Buy".equals(o.path("side").asText()) ? Side.BUY : "Sell".equals(o.path("side").asText()) ? Side.SELL : null;
        BigDecimal qty = VenueSimulator.decimal(o.path("qty").asText(null));
        BigDecimal price = VenueSimulator.decimal(o.path("price").asText(null));
        String symbol = o.path("symbol").asText();
        if (side == null || qty == null || qty.signum() <= 0 || price == null || price.signum() <= 0
                || !"Limit".equals(o.path("orderType").asText()) || !"IOC".equals(o.path("timeInForce").asText())
                || (link != null && !LINK_ID.matcher(link).matches()) || !sim.lists(s.venue, symbol)) {
            fail(ex, 10001, "Request parameter error.");
            return;
        }
        VenueSimulator.Placement placement = sim.place(s, link, symbol, side, qty, price,
                () -> Long.toString(ids.incrementAndGet()), () -> java.util.UUID.randomUUID().toString());
        switch (placement.outcome()) {
            case SERVER_ERROR, ACCEPTED_THEN_ERROR -> fail(ex, 10016, "Server error.");
            case TOO_MANY_REQUESTS -> fail(ex, 10006, "Too many visits. Exceeded the API Rate Limit.");
            case LOST -> { } // accepted, matched, and no answer: the connection closes
            case REFUSED -> {
                if (placement.refusal() == VenueSimulator.Refusal.DUPLICATE_CLIENT_ID && category.equals("spot")
                        && sim.quirks().documentedClientIds()) {
                    fail(ex, 170141, "Duplicate clientOrderId."); // error.mdx, Spot Trade section
                } else if (placement.refusal() == VenueSimulator.Refusal.DUPLICATE_CLIENT_ID) {
                    fail(ex, 110072, "OrderLinkedID is duplicate");
                } else if (category.equals("spot")) {
                    fail(ex, 170131, "Balance insufficient");
                } else {
                    fail(ex, 110007, "Available balance is insufficient");
                }
            }
            case ACCEPTED -> ok(ex, JsonNodeFactory.instance.objectNode().put("orderId", placement.order().venueOrderId)
                    .put("orderLinkId", placement.order().clientOrderId));
        }
    }

    private void orders(HttpExchange ex, SimState s, String category, Map<String, String> q) throws IOException {
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("category", category).put("nextPageCursor", "");
        ArrayNode list = result.putArray("list");
        synchronized (s) {
            SimState.SimOrder o = s.orders.get(q.getOrDefault("orderLinkId", ""));
            if (o != null && (q.get("symbol") == null || o.symbol.equals(q.get("symbol")))) {
                boolean full = o.filled.compareTo(o.quantity) >= 0;
                String status = full ? "Filled" : o.closed == null ? "New"
                        : category.equals("spot") && o.filled.signum() > 0 ? "PartiallyFilledCanceled" : "Cancelled";
                list.addObject().put("orderId", o.venueOrderId).put("orderLinkId", o.clientOrderId).put("symbol", o.symbol)
                        .put("price", o.limit.toPlainString()).put("qty", o.quantity.toPlainString())
                        .put("side", o.side == Side.BUY ? "Buy" : "Sell").put("orderStatus", status)
                        .put("avgPrice", o.filled.signum() == 0 ? "" : o.averagePrice().toPlainString())
                        .put("cumExecQty", o.filled.toPlainString()).put("cumExecValue", o.notional.toPlainString())
                        .put("leavesQty", o.closed == null ? o.quantity.subtract(o.filled).toPlainString() : "0")
                        .put("timeInForce", "IOC").put("orderType", "Limit").put("rejectReason", "EC_NoError")
                        .put("createdTime", Long.toString(o.opened.toEpochMilli()));
            }
        }
        ok(ex, result);
    }

    private void executions(HttpExchange ex, SimState s, Map<String, String> q) throws IOException {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ArrayNode list = result.putArray("list");
        String link = q.getOrDefault("orderLinkId", "");
        synchronized (s) {
            // execution/list: limit default 50, max 100, nextPageCursor (order/execution.mdx)
            SimPages<SimState.SimTrade> page = SimPages.of(s.trades.stream().filter(t -> t.order().clientOrderId.equals(link)).toList(),
                    q.get("cursor"), SimPages.size(limit(q), 50, sim.quirks()));
            result.put("nextPageCursor", page.next());
            for (SimState.SimTrade t : page.items()) {
                {
                    list.addObject().put("symbol", t.order().symbol).put("orderId", t.order().venueOrderId)
                            .put("orderLinkId", t.order().clientOrderId).put("side", t.order().side == Side.BUY ? "Buy" : "Sell")
                            .put("execId", t.tradeId()).put("execPrice", t.price().toPlainString())
                            .put("execQty", t.quantity().toPlainString()).put("execFee", t.feeCharged().toPlainString())
                            .put("feeCurrency", t.feeAsset() == null ? "USDT" : t.feeAsset()).put("execType", "Trade").put("isMaker", false)
                            .put("execTime", Long.toString(t.time().toEpochMilli()));
                }
            }
        }
        ok(ex, result);
    }

    private static int limit(Map<String, String> q) {
        return q.containsKey("limit") ? Integer.parseInt(q.get("limit")) : 0;
    }

    /** position/list: limit [1, 200], default 20, nextPageCursor (position/position.mdx). */
    private void positions(HttpExchange ex, SimState s, Map<String, String> query) throws IOException {
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("category", "linear");
        ArrayNode list = result.putArray("list");
        synchronized (s) {
            SimPages<Map.Entry<String, BigDecimal>> page = SimPages.of(new java.util.ArrayList<>(new java.util.TreeMap<>(s.positions).entrySet()),
                    query.get("cursor"), SimPages.size(limit(query), 20, sim.quirks()));
            result.put("nextPageCursor", page.next());
            page.items().forEach(e -> positionRow(list, e.getKey(), e.getValue()));
        }
        ok(ex, result);
    }

    private static void positionRow(ArrayNode list, String symbol, BigDecimal q) {
        list.addObject().put("symbol", symbol)
                .put("side", q.signum() > 0 ? "Buy" : q.signum() < 0 ? "Sell" : "").put("size", q.abs().toPlainString());
    }

    /**
     * {@code GET /v5/account/transaction-log}: the unified account's SETTLEMENT entries (a linear perp's funding) from
     * {@code startTime} on — {@code funding} positive when received, {@code feeRate} the rate, {@code tradePrice} the mark.
     */
    private void transactionLog(HttpExchange ex, SimState s, Map<String, String> q) throws IOException {
        long since = q.containsKey("startTime") ? Long.parseLong(q.get("startTime")) : System.currentTimeMillis() - 86_400_000L;
        long until = q.containsKey("endTime") ? Long.parseLong(q.get("endTime")) : since + 86_400_000L;
        if (until - since > 7 * 86_400_000L) {
            fail(ex, 10001, "endTime - startTime must be within 7 days");
            return;
        }
        String type = q.get("type");
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ArrayNode list = result.putArray("list");
        boolean signed = sim.quirks().bybitSignedFundingRate();
        synchronized (s) {
            List<SimState.SimFunding> matching = s.funding.stream().filter(f -> f.date().toEpochMilli() >= since
                    && f.date().toEpochMilli() <= until && (type == null || type.equals("SETTLEMENT"))).toList();
            // transaction-log: limit default 20, max 50, nextPageCursor (account/transaction-log.mdx)
            SimPages<SimState.SimFunding> page = SimPages.of(matching, q.get("cursor"), SimPages.size(limit(q), 20, sim.quirks()));
            result.put("nextPageCursor", page.next());
            for (SimState.SimFunding f : page.items()) {
                {
                    // "side=Sell, feeRate = − market fee rate" for SETTLEMENT (transaction-log.mdx); a short received -size·mark·rate
                    boolean sell = f.amount().signum() != 0 && f.amount().signum() == f.rate().signum();
                    String side = !signed ? "None" : sell ? "Sell" : "Buy";
                    list.addObject().put("id", f.bookingUid()).put("symbol", f.symbol()).put("category", "linear")
                            .put("side", side).put("transactionTime", Long.toString(f.date().toEpochMilli()))
                            .put("type", "SETTLEMENT").put("currency", "USDT").put("funding", f.amount().toPlainString())
                            .put("feeRate", (signed && sell ? f.rate().negate() : f.rate()).toPlainString()).put("tradePrice", f.mark().toPlainString())
                            .put("fee", "0").put("cashFlow", "0").put("change", f.amount().toPlainString());
                }
            }
        }
        ok(ex, result);
    }

    private void wallet(HttpExchange ex, SimState s) throws IOException {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ObjectNode account = result.putArray("list").addObject().put("accountType", "UNIFIED");
        ArrayNode coins = account.putArray("coin");
        synchronized (s) {
            s.positions.forEach((symbol, q) -> coins.addObject().put("coin", Assets.base(symbol)).put("walletBalance", q.toPlainString()));
        }
        ok(ex, result);
    }

    private void instruments(HttpExchange ex, SimState s, String category, String only) throws IOException {
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("category", category);
        ArrayNode list = result.putArray("list");
        for (String symbol : sim.symbols(s.venue)) {
            if (only != null && !only.equals(symbol)) {
                continue;
            }
            ObjectNode i = list.addObject().put("symbol", symbol).put("status", "Trading").put("baseCoin", Assets.base(symbol))
                    .put("quoteCoin", "USDT");
            i.putObject("priceFilter").put("tickSize", "0.01");
            if (category.equals("spot")) {
                i.putObject("lotSizeFilter").put("basePrecision", "0.0001").put("quotePrecision", "0.01")
                        .put("minOrderQty", "0.0001").put("maxOrderQty", "9000").put("minOrderAmt", "5").put("maxOrderAmt", "9000000");
            } else {
                i.putObject("lotSizeFilter").put("maxOrderQty", "1000").put("minOrderQty", "0.0001").put("qtyStep", "0.0001")
                        .put("minNotionalValue", "5");
                i.put("fundingInterval", 480);
            }
        }
        ok(ex, result);
    }

    private static void ok(HttpExchange ex, ObjectNode result) throws IOException {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("retCode", 0).put("retMsg", "OK");
        out.set("result", result);
        out.putObject("retExtInfo");
        out.put("time", System.currentTimeMillis());
        VenueSimulator.reply(ex, 200, out.toString());
    }

    private static void fail(HttpExchange ex, int code, String msg) throws IOException {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("retCode", code).put("retMsg", msg);
        out.putObject("result");
        out.putObject("retExtInfo");
        out.put("time", System.currentTimeMillis());
        VenueSimulator.reply(ex, 200, out.toString());
    }
}
