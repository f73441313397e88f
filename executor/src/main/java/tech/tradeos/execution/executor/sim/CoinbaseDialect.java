package tech.tradeos.execution.executor.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.math.BigDecimal;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tech.tradeos.execution.executor.coinbase.CoinbaseJwt;
import tech.tradeos.execution.executor.venue.Assets;
import tech.tradeos.execution.model.Side;
import tech.tradeos.execution.model.json.Json;

/**
 * The venue simulator's Coinbase Advanced Trade under {@code /api/v3/brokerage/}: every request's ES256 JWT is
 * verified with the account's public key (its {@code api-secret} may be the public key or the SEC1 private key that
 * carries it), its {@code sub} must be the key name, its {@code uri} the request's method, host and path, and it must be
 * within {@code nbf}..{@code exp}; else 401. Orders are {@code sor_limit_ioc}: FILLED, or CANCELLED with what executed;
 * a refused one answers {@code success: false} with an {@code error_response}.
 */
final class CoinbaseDialect {
    private static final String VENUE = "COINBASE";

    private final VenueSimulator sim;

    CoinbaseDialect(VenueSimulator sim) {
        this.sim = sim;
    }

    void handle(HttpExchange ex, String path, String body, String query) throws IOException {
        SimState s = sim.venue(VENUE);
        if (s == null) {
            fail(ex, 404, "NOT_FOUND", "no such endpoint");
            return;
        }
        String refusal = authenticate(ex, path);
        if (refusal != null) {
            fail(ex, 401, "unauthorized", refusal);
            return;
        }
        Map<String, String> q = VenueSimulator.form(query);
        String method = ex.getRequestMethod();
        String rest = path.substring("/api/v3/brokerage".length());
        if (method.equals("POST") && rest.equals("/orders")) {
            create(ex, s, body);
        } else if (method.equals("GET") && rest.equals("/orders/historical/batch")) {
            orders(ex, s, q);
        } else if (method.equals("GET") && rest.equals("/orders/historical/fills")) {
            fills(ex, s, q);
        } else if (method.equals("GET") && rest.equals("/accounts")) {
            accounts(ex, s, q);
        } else if (method.equals("GET") && rest.startsWith("/products/")) {
            product(ex, rest.substring("/products/".length()));
        } else {
            fail(ex, 404, "NOT_FOUND", "no such endpoint");
        }
    }

    private String authenticate(HttpExchange ex, String path) {
        VenueSimulator.Account account = sim.account(VENUE);
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (account == null || auth == null || !auth.startsWith("Bearer ")) {
            return "missing bearer token";
        }
        PublicKey key;
        try {
            key = CoinbaseJwt.publicKey(account.apiSecret());
        } catch (IllegalArgumentException e) {
            return "the simulated account has no public key";
        }
        Map<String, Object> claims = CoinbaseJwt.verify(auth.substring("Bearer ".length()), key);
        if (claims == null) {
            return "invalid signature";
        }
        long now = Instant.now().getEpochSecond();
        String host = ex.getRequestHeaders().getFirst("Host");
        if (!account.apiKey().equals(claims.get("sub")) || !"cdp".equals(claims.get("iss"))
                || !(ex.getRequestMethod() + " " + host + path).equals(claims.get("uri"))
                || !(claims.get("nbf") instanceof Number nbf) || nbf.longValue() > now + 5
                || !(claims.get("exp") instanceof Number exp) || exp.longValue() < now) {
            return "invalid claims";
        }
        return null;
    }

    private void create(HttpExchange ex, SimState s, String body) throws IOException {
        JsonNode o;
        try {
            o = Json.tree(body);
        } catch (IOException malformed) {
            fail(ex, 400, "INVALID_ARGUMENT", "malformed JSON");
            return;
        }
        String cid = o.path("client_order_id").asText(null);
        String product = o.path("product_id").asText();
        Side side = "BUY".equals(o.path("side").asText()) ? Side.BUY : "SELL".equals(o.path("side").asText()) ? Side.SELL : null;
        JsonNode ioc = o.path("order_configuration").path("sor_limit_ioc");
        BigDecimal size = VenueSimulator.decimal(ioc.path("base_size").asText(null));
        BigDecimal limit = VenueSimulator.decimal(ioc.path("limit_price").asText(null));
        if (cid == null || side == null || size == null || size.signum() <= 0 || limit == null || limit.signum() <= 0
                || !sim.lists(VENUE, product)) {
            refuse(ex, cid, "INVALID_ARGUMENT", "UNKNOWN_FAILURE_REASON", "the order is not a valid sor_limit_ioc order");
            return;
        }
        VenueSimulator.Placement placement = sim.place(s, cid, product, side, size, limit, () -> UUID.randomUUID().toString(),
                () -> UUID.randomUUID().toString());
        switch (placement.outcome()) {
            case SERVER_ERROR, ACCEPTED_THEN_ERROR -> fail(ex, 500, "INTERNAL", "internal error");
            case TOO_MANY_REQUESTS -> fail(ex, 429, "RESOURCE_EXHAUSTED", "too many requests");
            case LOST -> { } // accepted, matched, and no answer: the connection closes
            case REFUSED -> refuse(ex, cid, placement.refusal() == VenueSimulator.Refusal.DUPLICATE_CLIENT_ID ? "DUPLICATE_CLIENT_ORDER_ID"
                    : "INSUFFICIENT_FUND", "UNKNOWN_FAILURE_REASON", placement.refusal() == VenueSimulator.Refusal.DUPLICATE_CLIENT_ID
                    ? "client_order_id already used (simulator's wording)" : "Insufficient balance in source account");
            // "If the ID provided is not unique, the order will not be created and the order corresponding with that ID
            // will be returned instead" (create-order docs): the same success answer, nothing placed
            case ACCEPTED, EXISTING -> {
                ObjectNode out = JsonNodeFactory.instance.objectNode().put("success", true);
                out.putObject("success_response").put("order_id", placement.order().venueOrderId).put("product_id", product)
                                .put("side", placement.order().side.name()).put("client_order_id", cid);
                VenueSimulator.reply(ex, 200, out.toString());
            }
        }
    }

    private static void refuse(HttpExchange ex, String cid, String error, String failure, String message) throws IOException {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("success", false);
        out.putObject("error_response").put("error", error).put("message", message).put("error_details", message)
                .put("new_order_failure_reason", failure);
        VenueSimulator.reply(ex, 200, out.toString());
    }

    private void orders(HttpExchange ex, SimState s, Map<String, String> q) throws IOException {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode list = out.putArray("orders");
        Instant since = q.containsKey("start_date") ? Instant.parse(q.get("start_date")) : Instant.EPOCH;
        SimPages<SimState.SimOrder> page;
        synchronized (s) {
            List<SimState.SimOrder> matching = new ArrayList<>();
            for (SimState.SimOrder o : s.all) {
                if ((q.get("product_ids") == null || q.get("product_ids").equals(o.symbol)) && !o.opened.isBefore(since)) {
                    matching.add(0, o); // newest first
                }
            }
            page = SimPages.of(matching, q.get("cursor"), SimPages.size(limit(q), 100, sim.quirks()));
            for (SimState.SimOrder o : page.items()) {
                {
                    boolean full = o.filled.compareTo(o.quantity) >= 0;
                    list.addObject().put("order_id", o.venueOrderId).put("product_id", o.symbol).put("client_order_id", o.clientOrderId)
                            .put("side", o.side.name()).put("status", o.reportedStatus != null ? o.reportedStatus
                                    : full ? "FILLED" : o.closed == null ? "OPEN" : "CANCELLED")
                            .put("time_in_force", "IMMEDIATE_OR_CANCEL").put("created_time", o.opened.toString())
                            .put("filled_size", o.filled.toPlainString()).put("average_filled_price", o.averagePrice().toPlainString())
                            .put("total_fees", o.fee.toPlainString()).put("number_of_fills", Integer.toString(o.trades.size()))
                            .put("order_type", "LIMIT").put("reject_reason", "").put("reject_message", "");
                }
            }
        }
        out.put("has_next", !page.next().isEmpty()).put("cursor", page.next());
        VenueSimulator.reply(ex, 200, out.toString());
    }

    private static int limit(Map<String, String> q) {
        return q.containsKey("limit") ? Integer.parseInt(q.get("limit")) : 0;
    }

    private void fills(HttpExchange ex, SimState s, Map<String, String> q) throws IOException {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode list = out.putArray("fills");
        String orderId = q.getOrDefault("order_ids", q.get("order_id"));
        SimPages<SimState.SimTrade> page;
        synchronized (s) {
            List<SimState.SimTrade> matching = s.trades.stream().filter(t -> t.order().venueOrderId.equals(orderId)).toList();
            page = SimPages.of(matching, q.get("cursor"), SimPages.size(limit(q), 100, sim.quirks()));
            for (SimState.SimTrade t : page.items()) {
                {
                    list.addObject().put("entry_id", t.tradeId()).put("trade_id", t.tradeId()).put("order_id", orderId)
                            .put("trade_time", t.time().toString()).put("trade_type", "FILL").put("price", t.price().toPlainString())
                            .put("size", t.quantity().toPlainString()).put("commission", t.fee().toPlainString())
                            .put("product_id", t.order().symbol).put("liquidity_indicator", "TAKER").put("size_in_quote", false)
                            .put("side", t.order().side.name());
                }
            }
        }
        out.put("cursor", page.next());
        VenueSimulator.reply(ex, 200, out.toString());
    }

    /**
     * {@code GET accounts}: every wallet, paged ({@code limit}, {@code cursor}, {@code has_next}); with
     * {@link Quirks#pageSize()} the account also holds empty fiat and stablecoin wallets listed first, as real ones
     * do (a wallet per currency), so the traded assets sit beyond the first page.
     */
    private void accounts(HttpExchange ex, SimState s, Map<String, String> query) throws IOException {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode list = out.putArray("accounts");
        SimPages<Map.Entry<String, BigDecimal>> page;
        synchronized (s) {
            List<Map.Entry<String, BigDecimal>> wallets = new ArrayList<>();
            if (sim.quirks().pageSize() > 0) {
                for (String empty : List.of("USD", "USDC", "EUR", "GBP")) {
                    wallets.add(Map.entry(empty, BigDecimal.ZERO));
                }
            }
            s.positions.forEach((symbol, q) -> wallets.add(Map.entry(symbol, q)));
            page = SimPages.of(wallets, query.get("cursor"), SimPages.size(limit(query), 49, sim.quirks()));
            page.items().forEach(e -> {
                String symbol = e.getKey();
                BigDecimal q = e.getValue();
                ObjectNode a = list.addObject().put("uuid", UUID.nameUUIDFromBytes(symbol.getBytes()).toString())
                        .put("currency", Assets.base(symbol.replace("-", "")));
                a.putObject("available_balance").put("value", q.toPlainString()).put("currency", Assets.base(symbol.replace("-", "")));
                a.putObject("hold").put("value", "0").put("currency", Assets.base(symbol.replace("-", "")));
            });
        }
        out.put("has_next", !page.next().isEmpty()).put("cursor", page.next()).put("size", list.size());
        VenueSimulator.reply(ex, 200, out.toString());
    }

    private void product(HttpExchange ex, String productId) throws IOException {
        if (!sim.lists(VENUE, productId)) {
            fail(ex, 404, "NOT_FOUND", "product " + productId + " not found");
            return;
        }
        VenueSimulator.reply(ex, 200, JsonNodeFactory.instance.objectNode().put("product_id", productId).put("status", "online")
                .put("base_increment", "0.0001").put("quote_increment", "0.01").put("price_increment", "0.01")
                .put("base_min_size", "0.0001").put("quote_min_size", "1").put("trading_disabled", false).toString());
    }

    private static void fail(HttpExchange ex, int status, String error, String message) throws IOException {
        VenueSimulator.reply(ex, status, JsonNodeFactory.instance.objectNode().put("error", error).put("message", message).toString());
    }
}
