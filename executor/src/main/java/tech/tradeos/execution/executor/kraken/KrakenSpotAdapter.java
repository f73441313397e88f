package tech.tradeos.execution.executor.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import tech.tradeos.execution.executor.venue.InstrumentRules;
import tech.tradeos.execution.executor.venue.OrderRequest;
import tech.tradeos.execution.executor.venue.RulesCache;
import tech.tradeos.execution.executor.venue.VenueAdapter;
import tech.tradeos.execution.executor.venue.VenueHttp;
import tech.tradeos.execution.executor.venue.VenueOrder;
import tech.tradeos.execution.executor.venue.VenueUnavailable;
import tech.tradeos.execution.model.OrderState;

/**
 * Kraken Spot over its REST API (docs.kraken.com, Spot REST): {@code AddOrder} a limit IOC with {@code cl_ord_id}
 * and a {@code deadline}; the order found again by client id through {@code OpenOrders} then {@code ClosedOrders}
 * (QueryOrders needs the txid), its trades through {@code QueryTrades}; rules from the public {@code AssetPairs};
 * balances from {@code Balance}. Private calls carry {@code API-Key} and {@code API-Sign} ({@link KrakenSigning#spot}).
 * Every call but AddOrder counts against the REST call counter (AddOrder has the engine's own limiter).
 */
public final class KrakenSpotAdapter implements VenueAdapter {
    /** Errors that say nothing about the order: the request may or may not have been taken (the docs' list). */
    private static final List<String> TRANSIENT = List.of("EAPI:Rate limit exceeded", "EService:Unavailable", "EService:Busy",
            "EService: Throttled", "EService:Throttled", "EGeneral:Internal error", "EAPI:Invalid nonce", "EOrder:Rate limit exceeded");
    private static final int TRADES_PER_QUERY = 20;

    private final String venue;
    private final VenueHttp http;
    private final String apiKey;
    private final String secret;
    private final AtomicLong lastNonce = new AtomicLong();
    private final Object signing = new Object();
    private final RulesCache rules = new RulesCache(this::loadRules, java.time.Clock.systemUTC());

    public KrakenSpotAdapter(String venue, VenueHttp http, String apiKey, String secret) {
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

    private InstrumentRules loadRules(String s) {
        JsonNode result = result(http.get("/0/public/AssetPairs?pair=" + encode(s), Map.of(), false), "AssetPairs");
        Iterator<JsonNode> pairs = result.elements();
        if (!pairs.hasNext()) {
            throw new IllegalStateException(venue + " does not list " + s);
        }
        JsonNode p = pairs.next();
        BigDecimal lot = BigDecimal.ONE.movePointLeft(p.path("lot_decimals").asInt(8));
        BigDecimal tick = p.hasNonNull("tick_size") ? new BigDecimal(p.get("tick_size").asText())
                : BigDecimal.ONE.movePointLeft(p.path("pair_decimals").asInt(1));
        BigDecimal min = p.hasNonNull("ordermin") ? new BigDecimal(p.get("ordermin").asText()) : lot;
        BigDecimal cost = p.hasNonNull("costmin") ? new BigDecimal(p.get("costmin").asText()) : BigDecimal.ZERO;
        return new InstrumentRules(venue, s, lot, tick, min, cost);
    }

    @Override
    public VenueOrder place(OrderRequest r) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("ordertype", "limit");
        form.put("type", r.side().name().toLowerCase());
        form.put("volume", r.quantity().toPlainString());
        form.put("pair", r.symbol());
        form.put("price", r.limitPrice().toPlainString());
        form.put("timeinforce", "IOC");
        form.put("cl_ord_id", r.clientOrderId());
        if (r.deadline() != null) {
            form.put("deadline", r.deadline().toString());
        }
        JsonNode answer = call("/0/private/AddOrder", form, false);
        List<String> errors = errors(answer);
        if (!errors.isEmpty()) {
            return VenueOrder.rejected(r.clientOrderId(), r.quantity(), String.join("; ", errors));
        }
        JsonNode txid = answer.path("result").path("txid");
        if (!txid.isArray() || txid.isEmpty()) {
            throw new VenueUnavailable(venue + " AddOrder answer has no txid"); // taken or not: look it up
        }
        return new VenueOrder(r.clientOrderId(), txid.get(0).asText(), OrderState.ACKED, r.quantity(), BigDecimal.ZERO, null,
                BigDecimal.ZERO, null, List.of());
    }

    @Override
    public Optional<VenueOrder> find(String clientOrderId, String symbol, BigDecimal quantity, Instant placedAfter) {
        Map<String, String> byId = new LinkedHashMap<>();
        byId.put("trades", "true");
        byId.put("cl_ord_id", clientOrderId);
        JsonNode open = result(call("/0/private/OpenOrders", byId, true), "OpenOrders").path("open");
        Map.Entry<String, JsonNode> order = first(open);
        if (order == null) {
            order = closedOrder(byId, placedAfter);
        }
        if (order == null) {
            return Optional.empty();
        }
        return Optional.of(toOrder(clientOrderId, order.getKey(), order.getValue()));
    }

    /**
     * The newest closed order under the client id, read page by page: ClosedOrders lists 50 a page, newest first,
     * {@code ofs} the offset and {@code count} all that match (docs.kraken.com get-closed-orders).
     */
    private Map.Entry<String, JsonNode> closedOrder(Map<String, String> byId, Instant placedAfter) {
        int ofs = 0;
        for (int page = 0; page < tech.tradeos.execution.executor.venue.VenueAnswers.MAX_PAGES; page++) {
            Map<String, String> closed = new LinkedHashMap<>(byId);
            closed.put("start", Long.toString(placedAfter.getEpochSecond() - 1));
            if (ofs > 0) {
                closed.put("ofs", Integer.toString(ofs));
            }
            JsonNode result = result(call("/0/private/ClosedOrders", closed, true), "ClosedOrders");
            Map.Entry<String, JsonNode> order = first(result.path("closed"));
            int size = result.path("closed").size();
            if (order != null) {
                return order;
            }
            ofs += size;
            if (size == 0 || ofs >= result.path("count").asInt(0)) {
                return null;
            }
        }
        throw tech.tradeos.execution.executor.venue.VenueAnswers.pageBoundReached(venue, "ClosedOrders");
    }

    private VenueOrder toOrder(String clientOrderId, String txid, JsonNode o) {
        BigDecimal vol = decimal(o, "vol");
        BigDecimal executed = decimal(o, "vol_exec");
        String status = o.path("status").asText("");
        String reason = o.hasNonNull("reason") ? o.get("reason").asText() : null;
        OrderState state = switch (status) {
            case "pending", "open" -> executed.signum() > 0 ? OrderState.PARTIALLY_FILLED : OrderState.ACKED;
            case "closed" -> executed.compareTo(vol) >= 0 ? OrderState.FILLED : OrderState.CANCELED;
            case "canceled" -> OrderState.CANCELED;
            case "expired" -> OrderState.EXPIRED;
            default -> null;
        };
        if (state == null) {
            return VenueOrder.rejected(clientOrderId, vol.signum() > 0 ? vol : BigDecimal.ONE, venue + " reported status '" + status + "'");
        }
        if (state == OrderState.CANCELED && reason == null && status.equals("closed")) {
            reason = "IOC: the rest was not executable within the limit price";
        }
        List<VenueOrder.Execution> executions = new ArrayList<>();
        List<String> tradeIds = new ArrayList<>();
        o.path("trades").forEach(t -> tradeIds.add(t.asText()));
        for (int i = 0; i < tradeIds.size(); i += TRADES_PER_QUERY) {
            List<String> batch = tradeIds.subList(i, Math.min(tradeIds.size(), i + TRADES_PER_QUERY));
            JsonNode trades = result(call("/0/private/QueryTrades", Map.of("txid", String.join(",", batch)), true), "QueryTrades");
            for (String id : batch) {
                JsonNode t = trades.path(id);
                if (t.isMissingNode()) {
                    throw new VenueUnavailable(venue + " QueryTrades did not return trade " + id); // read again later
                }
                executions.add(new VenueOrder.Execution(id, decimal(t, "vol"), decimal(t, "price"), decimal(t, "fee"),
                        seconds(t.path("time").asText("0"))));
            }
        }
        BigDecimal avg = o.hasNonNull("price") && executed.signum() > 0 ? new BigDecimal(o.get("price").asText()) : null;
        return new VenueOrder(clientOrderId, txid, state, vol, executed, avg, decimal(o, "fee"), reason, executions);
    }

    @Override
    public Map<String, BigDecimal> positions() {
        JsonNode result = result(call("/0/private/Balance", Map.of(), true), "Balance");
        Map<String, BigDecimal> balances = new HashMap<>();
        result.fields().forEachRemaining(e -> balances.put(e.getKey(), new BigDecimal(e.getValue().asText())));
        return balances;
    }

    /** A signed private call; its parsed answer (with {@code error} and {@code result}). */
    private JsonNode call(String path, Map<String, String> params, boolean counted) {
        VenueHttp.Answer raw;
        // Kraken refuses a nonce at or below the last one it accepted for the key ("EAPI:Invalid nonce"): the nonce is
        // taken after the rate-limit wait and the request sent before the next one takes its nonce, one at a time
        synchronized (signing) {
            if (counted) {
                http.acquire();
            }
            String nonce = Long.toString(nextNonce());
            StringBuilder form = new StringBuilder("nonce=").append(nonce);
            params.forEach((k, v) -> form.append('&').append(k).append('=').append(encode(v)));
            String body = form.toString();
            Map<String, String> headers = Map.of("API-Key", apiKey, "API-Sign", KrakenSigning.spot(path, nonce, body, secret));
            raw = http.post(path, body, headers, false);
        }
        JsonNode answer = http.json(raw, path);
        for (String error : errors(answer)) {
            if (TRANSIENT.stream().anyMatch(error::startsWith)) {
                throw new VenueUnavailable(venue + " " + path + ": " + error);
            }
        }
        return answer;
    }

    /** Kraken wants a nonce that always increases: microseconds, never repeated within this process. */
    private long nextNonce() {
        long now = System.currentTimeMillis() * 1000;
        return lastNonce.updateAndGet(last -> Math.max(last + 1, now));
    }

    private JsonNode result(VenueHttp.Answer answer, String what) {
        return result(http.json(answer, what), what);
    }

    private JsonNode result(JsonNode answer, String what) {
        List<String> errors = errors(answer);
        if (!errors.isEmpty()) {
            throw new IllegalStateException(venue + " " + what + ": " + String.join("; ", errors));
        }
        JsonNode result = answer.path("result");
        if (!result.isObject()) {
            throw new VenueUnavailable(venue + " " + what + " answer has no result");
        }
        return result;
    }

    private static List<String> errors(JsonNode answer) {
        List<String> errors = new ArrayList<>();
        answer.path("error").forEach(e -> errors.add(e.asText()));
        return errors;
    }

    private static Map.Entry<String, JsonNode> first(JsonNode orders) {
        Iterator<Map.Entry<String, JsonNode>> it = orders.fields();
        return it.hasNext() ? it.next() : null;
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() || v.asText().isEmpty() ? BigDecimal.ZERO : new BigDecimal(v.asText());
    }

    private static Instant seconds(String unix) {
        BigDecimal s = new BigDecimal(unix);
        return Instant.ofEpochSecond(s.longValue(), s.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        // the JDK client holds no resource that needs closing on Java 17
    }
}
