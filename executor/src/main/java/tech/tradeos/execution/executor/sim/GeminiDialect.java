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
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import tech.tradeos.execution.executor.gemini.GeminiSigning;
import tech.tradeos.execution.executor.venue.Assets;
import tech.tradeos.execution.model.Side;
import tech.tradeos.execution.model.json.Json;

/**
 * The venue simulator's Gemini under {@code /v1/}: the signed payload in the headers (its {@code request} must be the
 * path, its nonce above the key's last), errors as {@code {"result":"error","reason","message"}} with the documented
 * reasons (InvalidSignature, InvalidNonce, InsufficientFunds, OrderNotFound, RateLimit 429, System 500), IOC orders
 * ({@code immediate-or-cancel}) that end not live with what executed, {@code order/status} with its trades.
 */
final class GeminiDialect {
    private static final String VENUE = "GEMINI";
    /** docs.gemini.com/client-order-id: {@code [:\-_\.#a-zA-Z0-9]{1,36}}. */
    private static final java.util.regex.Pattern CLIENT_ID = java.util.regex.Pattern.compile("[:\\-_.#a-zA-Z0-9]{1,36}");

    private final VenueSimulator sim;
    private final AtomicLong ids = new AtomicLong(300_000_000L);
    private final Map<String, Long> nonces = new HashMap<>();

    GeminiDialect(VenueSimulator sim) {
        this.sim = sim;
    }

    void handle(HttpExchange ex, String path) throws IOException {
        SimState s = sim.venue(VENUE);
        if (s == null) {
            error(ex, 404, "EndpointNotFound", "API entry point not found");
            return;
        }
        if (path.startsWith("/v1/symbols/details/")) {
            String symbol = path.substring("/v1/symbols/details/".length());
            if (!sim.lists(VENUE, symbol)) {
                error(ex, 400, "InvalidSymbol", "Supplied value '" + symbol + "' is not a valid symbol.");
                return;
            }
            VenueSimulator.reply(ex, 200, JsonNodeFactory.instance.objectNode().put("symbol", symbol.toUpperCase())
                    .put("base_currency", Assets.base(symbol)).put("quote_currency", "USD").put("tick_size", 1e-4)
                    .put("quote_increment", 0.01).put("min_order_size", "0.0001").put("status", "open").toString());
            return;
        }
        JsonNode payload = authenticate(ex, path);
        if (payload == null) {
            return;
        }
        switch (path) {
            case "/v1/order/new" -> create(ex, s, payload);
            case "/v1/order/status" -> status(ex, s, payload);
            case "/v1/balances" -> balances(ex, s);
            default -> error(ex, 404, "EndpointNotFound", "API entry point not found");
        }
    }

    /** The payload when the key, signature, request and nonce are good; else the error has been answered. */
    private JsonNode authenticate(HttpExchange ex, String path) throws IOException {
        VenueSimulator.Account account = sim.account(VENUE);
        var h = ex.getRequestHeaders();
        String key = h.getFirst("X-GEMINI-APIKEY");
        String b64 = h.getFirst("X-GEMINI-PAYLOAD");
        String signature = h.getFirst("X-GEMINI-SIGNATURE");
        if (account == null || key == null || !key.equals(account.apiKey())) {
            error(ex, 400, "InvalidApiKey", "Invalid API key");
            return null;
        }
        if (b64 == null || signature == null || !MessageDigest.isEqual(GeminiSigning.sign(b64, account.apiSecret())
                .getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            error(ex, 400, "InvalidSignature", "InvalidSignature");
            return null;
        }
        JsonNode payload;
        try {
            payload = Json.tree(new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            error(ex, 400, "InvalidJson", "The payload is not valid JSON");
            return null;
        }
        if (!path.equals(payload.path("request").asText())) {
            error(ex, 400, "InvalidRequest", "The payload's request is not the path");
            return null;
        }
        long nonce;
        try {
            nonce = Long.parseLong(payload.path("nonce").asText());
        } catch (NumberFormatException e) {
            error(ex, 400, "InvalidNonce", "Nonce is not a number");
            return null;
        }
        synchronized (nonces) {
            Long last = nonces.get(key);
            if (last != null && nonce <= last) {
                error(ex, 400, "InvalidNonce", "Nonce '" + nonce + "' has not increased since your last call to the Gemini API.");
                return null;
            }
            nonces.put(key, nonce);
        }
        return payload;
    }

    private void create(HttpExchange ex, SimState s, JsonNode p) throws IOException {
        String cid = p.path("client_order_id").asText(null);
        Side side = "buy".equals(p.path("side").asText()) ? Side.BUY : "sell".equals(p.path("side").asText()) ? Side.SELL : null;
        BigDecimal amount = VenueSimulator.decimal(p.path("amount").asText(null));
        BigDecimal price = VenueSimulator.decimal(p.path("price").asText(null));
        String symbol = p.path("symbol").asText();
        boolean ioc = p.path("options").isArray() && p.path("options").size() == 1
                && "immediate-or-cancel".equals(p.path("options").get(0).asText());
        if (side == null || amount == null || amount.signum() <= 0 || price == null || price.signum() <= 0 || !ioc
                || !"exchange limit".equals(p.path("type").asText()) || !sim.lists(VENUE, symbol) || (cid != null && !CLIENT_ID.matcher(cid).matches())) {
            error(ex, 400, "InvalidOrderType", "The order is not an exchange limit immediate-or-cancel order of a listed symbol");
            return;
        }
        VenueSimulator.Placement placement = sim.place(s, cid, symbol, side, amount, price, () -> Long.toString(ids.incrementAndGet()),
                () -> Long.toString(ids.incrementAndGet()));
        switch (placement.outcome()) {
            case SERVER_ERROR, ACCEPTED_THEN_ERROR -> error(ex, 500, "System", "We are experiencing technical issues.");
            case TOO_MANY_REQUESTS -> error(ex, 429, "RateLimit", "Requests were made too frequently.");
            case LOST -> { } // accepted, matched, and no answer: the connection closes
            case REFUSED -> error(ex, 400, placement.refusal() == VenueSimulator.Refusal.DUPLICATE_CLIENT_ID ? "DuplicateClientOrderId"
                    : "InsufficientFunds", placement.refusal() == VenueSimulator.Refusal.DUPLICATE_CLIENT_ID
                    ? "client_order_id already used (simulator's wording)" : "Failed to place buy order on symbol '" + symbol
                    + "' for price $" + price.toPlainString() + " and quantity " + amount.toPlainString() + " due to insufficient funds");
            case ACCEPTED -> {
                ObjectNode o;
                synchronized (s) {
                    o = order(placement.order(), false);
                }
                VenueSimulator.reply(ex, 200, o.toString());
            }
        }
    }

    private void status(HttpExchange ex, SimState s, JsonNode p) throws IOException {
        ObjectNode o = null;
        synchronized (s) {
            SimState.SimOrder order = s.orders.get(p.path("client_order_id").asText(""));
            if (order != null) {
                o = order(order, p.path("include_trades").asBoolean(false));
            }
        }
        if (o == null) {
            error(ex, 400, "OrderNotFound", "Order not found");
        } else {
            VenueSimulator.reply(ex, 200, o.toString());
        }
    }

    private static ObjectNode order(SimState.SimOrder o, boolean withTrades) {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("order_id", o.venueOrderId).put("id", o.venueOrderId)
                .put("client_order_id", o.clientOrderId).put("symbol", o.symbol).put("exchange", "gemini")
                .put("avg_execution_price", o.averagePrice().toPlainString()).put("side", o.side.name().toLowerCase())
                .put("type", "exchange limit").put("timestamp", Long.toString(o.opened.getEpochSecond()))
                .put("timestampms", o.opened.toEpochMilli()).put("is_live", o.closed == null)
                .put("is_cancelled", o.closed != null && o.filled.compareTo(o.quantity) < 0).put("is_hidden", false)
                .put("was_forced", false).put("executed_amount", o.filled.toPlainString())
                .put("remaining_amount", o.closed == null ? o.quantity.subtract(o.filled).toPlainString() : "0")
                .put("original_amount", o.quantity.toPlainString()).put("price", o.limit.toPlainString());
        n.putArray("options").add("immediate-or-cancel");
        if (withTrades) {
            ArrayNode trades = n.putArray("trades");
            o.trades.forEach(t -> trades.addObject().put("price", t.price().toPlainString()).put("amount", t.quantity().toPlainString())
                    .put("timestamp", t.time().getEpochSecond()).put("timestampms", t.time().toEpochMilli())
                    .put("type", o.side == Side.BUY ? "Buy" : "Sell").put("aggressor", true).put("fee_currency", "USD")
                    .put("fee_amount", t.fee().toPlainString()).put("tid", Long.parseLong(t.tradeId()))
                    .put("order_id", o.venueOrderId).put("client_order_id", o.clientOrderId));
        }
        return n;
    }

    private void balances(HttpExchange ex, SimState s) throws IOException {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        synchronized (s) {
            s.positions.forEach((symbol, q) -> list.addObject().put("type", "exchange").put("currency", Assets.base(symbol))
                    .put("amount", q.toPlainString()).put("available", q.toPlainString()));
        }
        VenueSimulator.reply(ex, 200, list.toString());
    }

    private static void error(HttpExchange ex, int status, String reason, String message) throws IOException {
        VenueSimulator.reply(ex, status, JsonNodeFactory.instance.objectNode().put("result", "error").put("reason", reason)
                .put("message", message).toString());
    }
}
