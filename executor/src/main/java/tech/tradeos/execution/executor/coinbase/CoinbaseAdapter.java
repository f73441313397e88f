package tech.tradeos.execution.executor.coinbase;

import static tech.tradeos.execution.executor.venue.VenueAnswers.decimal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tech.tradeos.execution.executor.venue.InstrumentRules;
import tech.tradeos.execution.executor.venue.OrderRequest;
import tech.tradeos.execution.executor.venue.RulesCache;
import tech.tradeos.execution.executor.venue.VenueAdapter;
import tech.tradeos.execution.executor.venue.VenueAnswers;
import tech.tradeos.execution.executor.venue.VenueHttp;
import tech.tradeos.execution.executor.venue.VenueOrder;
import tech.tradeos.execution.executor.venue.VenueUnavailable;
import tech.tradeos.execution.model.OrderState;
import tech.tradeos.execution.model.json.Json;

/**
 * Coinbase Advanced Trade ({@code /api/v3/brokerage}): {@code POST orders} with {@code client_order_id} and the
 * {@code sor_limit_ioc} configuration ({@code base_size}, {@code limit_price}); the order found again among the
 * product's orders since it was placed ({@code orders/historical/batch}, matched on {@code client_order_id}) and its
 * executions through {@code orders/historical/fills?order_ids=}; rules from {@code products/{product_id}}
 * ({@code base_increment}, {@code price_increment} else {@code quote_increment}, {@code base_min_size},
 * {@code quote_min_size}); balances from {@code accounts}. Every request carries a fresh ES256 JWT ({@link CoinbaseJwt}).
 */
public final class CoinbaseAdapter implements VenueAdapter {
    private static final String BASE = "/api/v3/brokerage";

    private final String venue;
    private final VenueHttp http;
    private final String host;
    private final String keyName;
    private final PrivateKey key;
    private final RulesCache rules = new RulesCache(this::loadRules, java.time.Clock.systemUTC());

    /** {@code host}: the API's authority as the JWT's {@code uri} names it ({@code api.coinbase.com}). */
    public CoinbaseAdapter(String venue, VenueHttp http, String host, String keyName, String privateKeyPem) {
        this.venue = venue;
        this.http = http;
        this.host = host;
        this.keyName = keyName;
        this.key = privateKeyPem == null || privateKeyPem.isBlank() ? null : CoinbaseJwt.privateKey(privateKeyPem);
    }

    @Override
    public String venue() {
        return venue;
    }

    @Override
    public InstrumentRules rules(String symbol) {
        return rules.get(symbol);
    }

    private InstrumentRules loadRules(String productId) {
        JsonNode p = ok(call("GET", BASE + "/products/" + productId, null), "products");
        BigDecimal tick = p.hasNonNull("price_increment") ? decimal(p, "price_increment") : decimal(p, "quote_increment");
        return new InstrumentRules(venue, productId, decimal(p, "base_increment"), tick, decimal(p, "base_min_size"),
                p.hasNonNull("quote_min_size") ? decimal(p, "quote_min_size") : BigDecimal.ZERO);
    }

    @Override
    public VenueOrder place(OrderRequest r) {
        Map<String, Object> ioc = new LinkedHashMap<>();
        ioc.put("base_size", r.quantity().toPlainString());
        ioc.put("limit_price", r.limitPrice().toPlainString());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_order_id", r.clientOrderId());
        body.put("product_id", r.symbol());
        body.put("side", r.side().name());
        body.put("order_configuration", Map.of("sor_limit_ioc", ioc));
        VenueHttp.Answer answer = call("POST", BASE + "/orders", Json.text(body));
        JsonNode node = http.json(answer, "orders");
        if (answer.status() >= 400 || !node.path("success").asBoolean(false)) {
            JsonNode e = node.path("error_response");
            String why = e.isMissingNode() ? node.path("error").asText("") + " " + node.path("message").asText("")
                    : e.path("error").asText("") + " " + e.path("message").asText(e.path("new_order_failure_reason").asText(""));
            return VenueOrder.rejected(r.clientOrderId(), r.quantity(), venue + ": " + why.trim());
        }
        String orderId = node.path("success_response").path("order_id").asText(null);
        if (orderId == null) {
            throw new VenueUnavailable(venue + " orders answer has no order_id");
        }
        return new VenueOrder(r.clientOrderId(), orderId, OrderState.ACKED, r.quantity(), BigDecimal.ZERO, null, BigDecimal.ZERO,
                null, List.of());
    }

    @Override
    public Optional<VenueOrder> find(String clientOrderId, String symbol, BigDecimal quantity, Instant placedAfter) {
        JsonNode order = null;
        String cursor = "";
        boolean more = false;
        for (int page = 0; page < VenueAnswers.MAX_PAGES && order == null; page++) {
            JsonNode list = ok(call("GET", BASE + "/orders/historical/batch?product_ids=" + encode(symbol) + "&start_date="
                    + encode(placedAfter.toString()) + "&limit=100" + (cursor.isEmpty() ? "" : "&cursor=" + encode(cursor)), null), "orders");
            for (JsonNode o : list.path("orders")) {
                if (clientOrderId.equals(o.path("client_order_id").asText())) {
                    order = o;
                }
            }
            cursor = list.path("cursor").asText("");
            more = list.path("has_next").asBoolean(false) && !cursor.isEmpty();
            if (!more) {
                break;
            }
        }
        if (order == null && more) {
            throw VenueAnswers.pageBoundReached(venue, "orders/historical/batch");
        }
        if (order == null) {
            return Optional.empty();
        }
        String orderId = order.path("order_id").asText();
        VenueAnswers.Executions executions = new VenueAnswers.Executions();
        for (JsonNode f : pages("/orders/historical/fills?order_ids=" + encode(orderId) + "&limit=100", "fills", "fills")) {
            if (!orderId.equals(f.path("order_id").asText())) {
                continue;
            }
            BigDecimal size = decimal(f, "size");
            BigDecimal price = decimal(f, "price");
            BigDecimal fee = decimal(f, "commission").abs();
            executions.add(f.path("trade_id").asText(), size, price, fee, Instant.parse(f.path("trade_time").asText()));
        }
        if (executions.filled().compareTo(decimal(order, "filled_size")) < 0) {
            throw new IllegalStateException(venue + " reports " + clientOrderId + " filled before all its fills are listed");
        }
        String status = order.path("status").asText("");
        OrderState state = switch (status) {
            // UNKNOWN_ORDER_STATUS and EDIT_QUEUED are not final (list-orders status enum): live, asked again
            case "OPEN", "PENDING", "QUEUED", "CANCEL_QUEUED", "EDIT_QUEUED", "UNKNOWN_ORDER_STATUS" ->
                    executions.filled().signum() > 0 ? OrderState.PARTIALLY_FILLED : OrderState.ACKED;
            case "FILLED" -> OrderState.FILLED;
            case "CANCELLED", "EXPIRED" -> OrderState.CANCELED;
            default -> OrderState.REJECTED; // FAILED
        };
        String reason = switch (state) {
            case CANCELED -> "IOC: the rest was not executable within the limit price (" + venue + " " + status + ")";
            case REJECTED -> venue + ": " + status + " " + order.path("reject_message").asText(order.path("reject_reason").asText(""));
            default -> null;
        };
        return Optional.of(executions.order(clientOrderId, orderId, state, quantity, reason == null ? null : reason.trim()));
    }

    @Override
    public Map<String, BigDecimal> positions() {
        Map<String, BigDecimal> out = new HashMap<>();
        for (JsonNode a : pages("/accounts?limit=250", "accounts", "accounts")) {
            BigDecimal available = new BigDecimal(a.path("available_balance").path("value").asText("0"));
            BigDecimal hold = new BigDecimal(a.path("hold").path("value").asText("0"));
            out.merge(a.path("currency").asText(), available.add(hold), BigDecimal::add);
        }
        return out;
    }

    /**
     * Every element of a cursor-paged list ({@code cursor} in, {@code cursor} and — where the endpoint has it —
     * {@code has_next} out; fills give only the cursor, empty on the last page), to its end or {@link VenueAnswers#MAX_PAGES}.
     */
    private List<JsonNode> pages(String pathAndQuery, String field, String what) {
        List<JsonNode> out = new java.util.ArrayList<>();
        String cursor = "";
        for (int page = 0; page < VenueAnswers.MAX_PAGES; page++) {
            JsonNode list = ok(call("GET", BASE + pathAndQuery + (cursor.isEmpty() ? "" : "&cursor=" + encode(cursor)), null), what);
            list.path(field).forEach(out::add);
            cursor = list.path("cursor").asText("");
            boolean more = list.has("has_next") ? list.path("has_next").asBoolean(false) : !list.path(field).isEmpty();
            if (!more || cursor.isEmpty()) {
                return out;
            }
        }
        throw VenueAnswers.pageBoundReached(venue, what);
    }

    private JsonNode ok(VenueHttp.Answer answer, String what) {
        JsonNode node = http.json(answer, what);
        if (answer.status() >= 400) {
            // a lookup that failed says nothing about the order: the executor asks again
            throw new IllegalStateException(venue + " " + what + " answered " + answer.status() + ": " + node.path("error").asText("")
                    + " " + node.path("message").asText(""));
        }
        return node;
    }

    private VenueHttp.Answer call(String method, String pathAndQuery, String body) {
        if (key == null) {
            throw new IllegalStateException(venue + " has no API secret (executor.venues." + venue + ".api-secret-file)");
        }
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        Map<String, String> headers = Map.of("Authorization", "Bearer " + CoinbaseJwt.token(keyName, key, method, host + path, Instant.now()));
        return method.equals("GET") ? http.get(pathAndQuery, headers, true) : http.post(pathAndQuery, body, "application/json", headers, true);
    }


    private static String encode(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        // the JDK client holds no resource that needs closing on Java 17
    }
}
