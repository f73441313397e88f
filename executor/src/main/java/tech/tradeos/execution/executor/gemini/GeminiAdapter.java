package tech.tradeos.execution.executor.gemini;

import static tech.tradeos.execution.executor.venue.VenueAnswers.decimal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
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
 * Gemini over its REST API v1: {@code /v1/order/new} an {@code exchange limit} order with the
 * {@code immediate-or-cancel} option and {@code client_order_id}; the order found again through
 * {@code /v1/order/status} by {@code client_order_id} with {@code include_trades} (its executions, each with its
 * {@code tid} and fee); rules from {@code /v1/symbols/details/{symbol}} ({@code tick_size}: the amount's increment,
 * {@code quote_increment}: the price's, {@code min_order_size}); balances from {@code /v1/balances}. Every private call
 * is a POST with an empty body, its JSON payload (with {@code request} and {@code nonce}) in {@code X-GEMINI-PAYLOAD},
 * signed in {@code X-GEMINI-SIGNATURE} ({@link GeminiSigning}). The nonce is the time in milliseconds, strictly
 * increasing within the process — so a restart never reuses one either.
 */
public final class GeminiAdapter implements VenueAdapter {
    /** Reasons that say nothing about the order: the request may or may not have been taken. */
    private static final Set<String> IN_DOUBT = Set.of("RateLimit", "RateLimited", "System", "Maintenance", "InvalidNonce");

    private final String venue;
    private final VenueHttp http;
    private final String apiKey;
    private final String secret;
    private final AtomicLong lastNonce = new AtomicLong();
    private final RulesCache rules = new RulesCache(this::loadRules, java.time.Clock.systemUTC());
    /** symbol → its quote currency from symbol details ({@code quote_currency}): btcgusd is quoted in GUSD, ethbtc in BTC. */
    private final Map<String, String> quotes = new java.util.concurrent.ConcurrentHashMap<>();

    public GeminiAdapter(String venue, VenueHttp http, String apiKey, String secret) {
        this.venue = venue;
        this.http = http;
        this.apiKey = apiKey;
        this.secret = secret;
    }

    @Override
    public String venue() {
        return venue;
    }

    @Override
    public InstrumentRules rules(String symbol) {
        return rules.get(symbol);
    }

    private InstrumentRules loadRules(String symbol) {
        JsonNode d = http.json(http.get("/v1/symbols/details/" + symbol, Map.of(), false), "symbols/details");
        if (!symbol.equalsIgnoreCase(d.path("symbol").asText())) {
            throw new IllegalStateException(venue + " does not list " + symbol + " (" + d.path("reason").asText("") + ")");
        }
        if (d.hasNonNull("quote_currency")) {
            quotes.put(symbol.toLowerCase(java.util.Locale.ROOT), d.get("quote_currency").asText());
        }
        return new InstrumentRules(venue, symbol, decimal(d, "tick_size"), decimal(d, "quote_increment"), decimal(d, "min_order_size"),
                BigDecimal.ZERO);
    }

    @Override
    public VenueOrder place(OrderRequest r) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("client_order_id", r.clientOrderId());
        p.put("symbol", r.symbol());
        p.put("amount", r.quantity().toPlainString());
        p.put("price", r.limitPrice().toPlainString());
        p.put("side", r.side().name().toLowerCase());
        p.put("type", "exchange limit");
        p.put("options", List.of("immediate-or-cancel"));
        VenueHttp.Answer answer = call("/v1/order/new", p);
        JsonNode node = http.json(answer, "order/new");
        if ("error".equals(node.path("result").asText())) {
            return VenueOrder.rejected(r.clientOrderId(), r.quantity(), venue + ": " + node.path("reason").asText() + " "
                    + node.path("message").asText(""));
        }
        String orderId = node.path("order_id").asText(null);
        if (orderId == null) {
            throw new VenueUnavailable(venue + " order/new answer has no order_id");
        }
        return new VenueOrder(r.clientOrderId(), orderId, OrderState.ACKED, r.quantity(), BigDecimal.ZERO, null, BigDecimal.ZERO,
                null, List.of());
    }

    @Override
    public Optional<VenueOrder> find(String clientOrderId, String symbol, BigDecimal quantity, Instant placedAfter) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("client_order_id", clientOrderId);
        p.put("include_trades", true);
        VenueHttp.Answer answer = call("/v1/order/status", p);
        JsonNode node;
        try {
            node = Json.tree(answer.body());
        } catch (java.io.IOException malformed) {
            throw new VenueUnavailable(venue + " order/status answered malformed JSON");
        }
        if (node.isObject() && "error".equals(node.path("result").asText())) {
            if ("OrderNotFound".equals(node.path("reason").asText())) {
                return Optional.empty();
            }
            throw new IllegalStateException(venue + " order/status: " + node.path("reason").asText() + " " + node.path("message").asText(""));
        }
        // by client order id the answer may be a list of the orders under it: the one placed, if any
        JsonNode order = node;
        if (node.isArray()) {
            order = null;
            for (JsonNode o : node) {
                if (clientOrderId.equals(o.path("client_order_id").asText())) {
                    order = o;
                }
            }
            if (order == null) {
                return Optional.empty();
            }
        }
        VenueAnswers.Executions executions = new VenueAnswers.Executions();
        String quote = quote(symbol);
        for (JsonNode t : order.path("trades")) {
            BigDecimal qty = decimal(t, "amount");
            BigDecimal price = decimal(t, "price");
            BigDecimal fee = decimal(t, "fee_amount").abs();
            if (!quote.equalsIgnoreCase(t.path("fee_currency").asText(quote))) {
                fee = VenueAnswers.inQuote(fee, price); // charged in the base currency
            }
            executions.add(t.path("tid").asText(), qty, price, fee, Instant.ofEpochMilli(t.path("timestampms").asLong()));
        }
        BigDecimal executed = decimal(order, "executed_amount");
        if (executed.compareTo(executions.filled()) > 0) {
            throw new IllegalStateException(venue + " reports " + executed + " executed of " + clientOrderId + " before all its trades");
        }
        boolean live = order.path("is_live").asBoolean(false);
        OrderState state = live ? (executions.filled().signum() > 0 ? OrderState.PARTIALLY_FILLED : OrderState.ACKED)
                : executions.filled().compareTo(quantity) >= 0 ? OrderState.FILLED : OrderState.CANCELED;
        String reason = state == OrderState.CANCELED ? "IOC: the rest was not executable within the limit price (" + venue
                + (order.path("is_cancelled").asBoolean(false) ? " cancelled" : "") + ")" : null;
        return Optional.of(executions.order(clientOrderId, order.path("order_id").asText(), state, quantity, reason));
    }

    /** The symbol's quote currency as its symbol details give it (loaded with its rules). */
    private String quote(String symbol) {
        String key = symbol.toLowerCase(java.util.Locale.ROOT);
        if (!quotes.containsKey(key)) {
            loadRules(symbol);
        }
        String quote = quotes.get(key);
        if (quote == null) {
            throw new IllegalStateException(venue + " symbol details of " + symbol + " give no quote_currency");
        }
        return quote;
    }

    @Override
    public Map<String, BigDecimal> positions() {
        VenueHttp.Answer answer = call("/v1/balances", new LinkedHashMap<>());
        Map<String, BigDecimal> out = new HashMap<>();
        try {
            JsonNode list = Json.tree(answer.body());
            if (!list.isArray()) {
                throw new IllegalStateException(venue + " balances: " + list.path("reason").asText("not a list"));
            }
            for (JsonNode b : list) {
                out.merge(b.path("currency").asText().toUpperCase(), decimal(b, "amount"), BigDecimal::add);
            }
            return out;
        } catch (java.io.IOException malformed) {
            throw new VenueUnavailable(venue + " balances answered malformed JSON");
        }
    }

    /** A private call: an empty POST carrying the signed payload; in-doubt reasons become {@link VenueUnavailable}. */
    private VenueHttp.Answer call(String request, Map<String, Object> params) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("request", request);
        payload.put("nonce", Long.toString(lastNonce.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()))));
        payload.putAll(params);
        String b64 = GeminiSigning.payload(Json.text(payload));
        Map<String, String> headers = Map.of("X-GEMINI-APIKEY", apiKey, "X-GEMINI-PAYLOAD", b64,
                "X-GEMINI-SIGNATURE", GeminiSigning.sign(b64, secret), "Cache-Control", "no-cache");
        VenueHttp.Answer answer = http.post(request, "", "text/plain", headers, true);
        if (answer.status() >= 400) {
            try {
                String reason = Json.tree(answer.body()).path("reason").asText("");
                if (IN_DOUBT.contains(reason)) {
                    throw new VenueUnavailable(venue + " " + request + ": " + reason);
                }
            } catch (java.io.IOException malformed) {
                throw new VenueUnavailable(venue + " " + request + " answered " + answer.status() + " with malformed JSON");
            }
        }
        return answer;
    }


    @Override
    public void close() {
        // the JDK client holds no resource that needs closing on Java 17
    }
}
