package tech.tradeos.execution.executor.bybit;

import static tech.tradeos.execution.executor.venue.VenueAnswers.decimal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import tech.tradeos.execution.executor.venue.Assets;
import tech.tradeos.execution.executor.venue.FundingBooking;
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
 * Bybit v5 for one category — {@code spot} (BYBIT_SPOT) or {@code linear} (BYBIT_PERP) — over the unified account
 * (docs v5: order/create-order, order/open-order, order/order-list, order/execution, position/position,
 * account/wallet-balance, market/instrument, error): a {@code Limit} order with {@code timeInForce=IOC} and
 * {@code orderLinkId}; the order found again by {@code orderLinkId} in {@code order/realtime} (open orders and the
 * last 500 closed) then {@code order/history}, its executions from {@code execution/list}; rules from
 * {@code instruments-info} (priceFilter tickSize; lotSizeFilter qtyStep / minOrderQty / minNotionalValue for linear,
 * basePrecision / minOrderAmt for spot); positions from {@code position/list} (linear) or the UNIFIED wallet (spot).
 * Requests carry {@code X-BAPI-API-KEY}, {@code X-BAPI-TIMESTAMP} on the venue's clock, {@code X-BAPI-RECV-WINDOW},
 * {@code X-BAPI-SIGN} ({@link BybitSigning}); a {@code 10002} (outside the time window) re-reads the venue's time and
 * retries once.
 */
public final class BybitAdapter implements VenueAdapter {
    static final long RECV_WINDOW_MS = 5_000;
    /**
     * retCodes that say nothing about the order: server timeout, rate limit, server error, a duplicate orderLinkId (it
     * was placed: linear 110072, spot 170141 "Duplicate clientOrderId"), spot 170146 "Order creation timeout"
     * (error.mdx, UTA and Spot Trade sections). The executor looks the order up.
     */
    private static final Set<Integer> IN_DOUBT = Set.of(10000, 10006, 10016, 110072, 170141, 170146);
    private static final int TIME_WINDOW = 10002;

    private final String venue;
    private final String category;
    private final VenueHttp http;
    private final String apiKey;
    private final String secret;
    private final AtomicLong clockOffsetMs = new AtomicLong();
    private final RulesCache rules = new RulesCache(this::loadRules, java.time.Clock.systemUTC());

    /** {@code category}: {@code spot} or {@code linear}. */
    public BybitAdapter(String venue, String category, VenueHttp http, String apiKey, String secret) {
        this.venue = venue;
        this.category = category;
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
        JsonNode answer = http.json(http.get("/v5/market/instruments-info?category=" + category + "&symbol=" + encode(symbol),
                Map.of(), false), "instruments-info");
        for (JsonNode i : answer.path("result").path("list")) {
            if (!symbol.equals(i.path("symbol").asText())) {
                continue;
            }
            JsonNode lot = i.path("lotSizeFilter");
            BigDecimal tick = decimal(i.path("priceFilter"), "tickSize");
            if (category.equals("spot")) {
                return new InstrumentRules(venue, symbol, decimal(lot, "basePrecision"), tick, BigDecimal.ZERO, decimal(lot, "minOrderAmt"));
            }
            return new InstrumentRules(venue, symbol, decimal(lot, "qtyStep"), tick, decimal(lot, "minOrderQty"),
                    lot.hasNonNull("minNotionalValue") ? decimal(lot, "minNotionalValue") : BigDecimal.ZERO);
        }
        throw new IllegalStateException(venue + " does not list " + symbol + " (" + answer.path("retMsg").asText() + ")");
    }

    @Override
    public VenueOrder place(OrderRequest r) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("category", category);
        body.put("symbol", r.symbol());
        body.put("side", r.side() == tech.tradeos.execution.model.Side.BUY ? "Buy" : "Sell");
        body.put("orderType", "Limit");
        body.put("qty", r.quantity().toPlainString());
        body.put("price", r.limitPrice().toPlainString());
        body.put("timeInForce", "IOC");
        body.put("orderLinkId", r.clientOrderId());
        JsonNode answer = call("POST", "/v5/order/create", Json.text(body));
        int code = answer.path("retCode").asInt(-1);
        if (code != 0) {
            return VenueOrder.rejected(r.clientOrderId(), r.quantity(), venue + ": " + code + " " + answer.path("retMsg").asText());
        }
        String orderId = answer.path("result").path("orderId").asText(null);
        if (orderId == null) {
            throw new VenueUnavailable(venue + " order/create answer has no orderId");
        }
        return new VenueOrder(r.clientOrderId(), orderId, OrderState.ACKED, r.quantity(), BigDecimal.ZERO, null, BigDecimal.ZERO,
                null, List.of());
    }

    @Override
    public Optional<VenueOrder> find(String clientOrderId, String symbol, BigDecimal quantity, Instant placedAfter) {
        String query = "category=" + category + "&symbol=" + encode(symbol) + "&orderLinkId=" + encode(clientOrderId);
        JsonNode order = first(ok(call("GET", "/v5/order/realtime", query), "order/realtime"));
        if (order == null) {
            order = first(ok(call("GET", "/v5/order/history", query), "order/history"));
        }
        VenueAnswers.Executions executions = new VenueAnswers.Executions();
        String base = Assets.base(symbol);
        String orderId = order == null ? null : order.path("orderId").asText(null);
        for (JsonNode e : pages(query + "&limit=100", "/v5/execution/list", "execution/list")) {
            if (!clientOrderId.equals(e.path("orderLinkId").asText())) {
                continue;
            }
            BigDecimal qty = decimal(e, "execQty");
            BigDecimal price = decimal(e, "execPrice");
            BigDecimal charged = decimal(e, "execFee").abs();
            BigDecimal fee = charged;
            if (base.equals(e.path("feeCurrency").asText())) {
                fee = VenueAnswers.inQuote(fee, price); // a spot buy's fee in the base coin
            }
            executions.add(e.path("execId").asText(), qty, price, fee,
                    Instant.ofEpochMilli(e.path("execTime").asLong()), e.path("feeCurrency").asText(null), charged);
            orderId = orderId == null ? e.path("orderId").asText(null) : orderId;
        }
        if (order == null && executions.isEmpty()) {
            return Optional.empty();
        }
        String status = order == null ? "" : order.path("orderStatus").asText("");
        OrderState state = switch (status) {
            case "New", "Untriggered", "Triggered" -> OrderState.ACKED;
            case "PartiallyFilled" -> OrderState.PARTIALLY_FILLED;
            case "Filled" -> OrderState.FILLED;
            case "Cancelled", "PartiallyFilledCanceled", "Deactivated" -> OrderState.CANCELED;
            case "Rejected" -> OrderState.REJECTED;
            // executions without the order (it aged out of both lists): an IOC order is final with what executed
            default -> executions.filled().compareTo(quantity) >= 0 ? OrderState.FILLED : OrderState.CANCELED;
        };
        if (order != null && state == OrderState.FILLED && executions.filled().compareTo(decimal(order, "cumExecQty")) < 0) {
            throw new IllegalStateException(venue + " reports " + clientOrderId + " filled before all its executions are listed");
        }
        String reason = switch (state) {
            case CANCELED -> "IOC: the rest was not executable within the limit price (" + venue + " " + status + ")";
            case REJECTED -> venue + ": " + order.path("rejectReason").asText(status);
            default -> null;
        };
        return Optional.of(executions.order(clientOrderId, orderId, state, quantity, reason));
    }

    @Override
    public Map<String, BigDecimal> positions() {
        Map<String, BigDecimal> out = new HashMap<>();
        if (category.equals("spot")) {
            JsonNode wallet = ok(call("GET", "/v5/account/wallet-balance", "accountType=UNIFIED"), "wallet-balance");
            for (JsonNode account : wallet.path("result").path("list")) {
                for (JsonNode c : account.path("coin")) {
                    out.merge(c.path("coin").asText(), decimal(c, "walletBalance"), BigDecimal::add);
                }
            }
            return out;
        }
        // limit [1, 200], default 20 (position/position.mdx): the largest page, then the cursor
        for (JsonNode p : pages("category=" + category + "&settleCoin=USDT&limit=200", "/v5/position/list", "position/list")) {
            BigDecimal size = decimal(p, "size");
            out.merge(p.path("symbol").asText(), "Sell".equals(p.path("side").asText()) ? size.negate() : size, BigDecimal::add);
        }
        return out;
    }

    @Override
    public boolean booksFunding() {
        return category.equals("linear");
    }

    /**
     * Linear funding from the unified account's transaction log ({@code GET /v5/account/transaction-log},
     * {@code category=linear}, {@code type=SETTLEMENT}, in windows of {@code startTime}–{@code endTime} of at most
     * 7 days, the venue's limit, up to now; 50 a page, pages followed by {@code nextPageCursor}): {@code funding} is the
     * amount (positive received), {@code feeRate} the rate, {@code tradePrice} the mark; entries without funding are
     * not payments.
     */
    @Override
    public List<FundingBooking> fundingPayments(Instant since) {
        if (!category.equals("linear")) {
            return List.of();
        }
        List<FundingBooking> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (long from = since.toEpochMilli(); from <= now; from += WINDOW_MS) {
            readWindow(from, Math.min(from + WINDOW_MS - 1, now), out);
        }
        out.sort(java.util.Comparator.comparing(FundingBooking::at));
        return out;
    }

    /** The transaction log allows at most 7 days between startTime and endTime. */
    private static final long WINDOW_MS = 7 * 86_400_000L;

    private void readWindow(long from, long to, List<FundingBooking> out) {
        String cursor = "";
        for (int page = 0; page < VenueAnswers.MAX_PAGES; page++) {
            String query = "accountType=UNIFIED&category=linear&type=SETTLEMENT&startTime=" + from + "&endTime=" + to + "&limit=50"
                    + (cursor.isEmpty() ? "" : "&cursor=" + encode(cursor));
            JsonNode result = ok(call("GET", "/v5/account/transaction-log", query), "transaction-log").path("result");
            for (JsonNode e : result.path("list")) {
                String funding = e.path("funding").asText("");
                if (funding.isEmpty() || new BigDecimal(funding).signum() == 0) {
                    continue;
                }
                // SETTLEMENT: "side=Sell, feeRate = − market fee rate" (transaction-log.mdx): the rate is its negation for a short
                BigDecimal rate = e.hasNonNull("feeRate") ? decimal(e, "feeRate") : null;
                if (rate != null && "Sell".equals(e.path("side").asText())) {
                    rate = rate.negate();
                }
                out.add(new FundingBooking(e.path("id").asText(), e.path("symbol").asText(),
                        Instant.ofEpochMilli(Long.parseLong(e.path("transactionTime").asText())), decimal(e, "funding"),
                        e.path("currency").asText(null), rate,
                        e.hasNonNull("tradePrice") ? decimal(e, "tradePrice") : null));
            }
            cursor = result.path("nextPageCursor").asText("");
            if (cursor.isEmpty()) {
                return;
            }
        }
        throw VenueAnswers.pageBoundReached(venue, "transaction-log");
    }

    /** Every element of a {@code nextPageCursor}-paged list, to its end or {@link VenueAnswers#MAX_PAGES}. */
    private List<JsonNode> pages(String query, String path, String what) {
        List<JsonNode> out = new ArrayList<>();
        String cursor = "";
        for (int page = 0; page < VenueAnswers.MAX_PAGES; page++) {
            JsonNode result = ok(call("GET", path, query + (cursor.isEmpty() ? "" : "&cursor=" + encode(cursor))), what).path("result");
            result.path("list").forEach(out::add);
            cursor = result.path("nextPageCursor").asText("");
            if (cursor.isEmpty()) {
                return out;
            }
        }
        throw VenueAnswers.pageBoundReached(venue, what);
    }

    /** A lookup's answer, or the reason it says nothing about the order (the executor asks again). */
    private JsonNode ok(JsonNode answer, String what) {
        if (answer.path("retCode").asInt(-1) != 0) {
            throw new IllegalStateException(venue + " " + what + ": " + answer.path("retCode").asInt() + " " + answer.path("retMsg").asText());
        }
        return answer;
    }

    private static JsonNode first(JsonNode answer) {
        JsonNode list = answer.path("result").path("list");
        return list.isArray() && !list.isEmpty() ? list.get(0) : null;
    }

    /** A signed call on the venue's clock; {@code 10002} re-reads the venue's time and tries once more. */
    private JsonNode call(String method, String path, String payload) {
        JsonNode answer = send(method, path, payload);
        if (answer.path("retCode").asInt() == TIME_WINDOW) {
            syncClock();
            answer = send(method, path, payload);
        }
        int code = answer.path("retCode").asInt();
        if (IN_DOUBT.contains(code) || code == TIME_WINDOW) {
            throw new VenueUnavailable(venue + " " + path + ": " + code + " " + answer.path("retMsg").asText());
        }
        return answer;
    }

    private JsonNode send(String method, String path, String payload) {
        long timestamp = System.currentTimeMillis() + clockOffsetMs.get();
        Map<String, String> headers = Map.of("X-BAPI-API-KEY", apiKey, "X-BAPI-TIMESTAMP", Long.toString(timestamp),
                "X-BAPI-RECV-WINDOW", Long.toString(RECV_WINDOW_MS),
                "X-BAPI-SIGN", BybitSigning.sign(timestamp, apiKey, RECV_WINDOW_MS, payload, secret));
        VenueHttp.Answer answer = method.equals("GET") ? http.get(path + "?" + payload, headers, true)
                : http.post(path, payload, "application/json", headers, true);
        return http.json(answer, path);
    }

    /** The venue's clock minus ours, from {@code /v5/market/time} (half the round trip allowed for). */
    private void syncClock() {
        long sent = System.currentTimeMillis();
        JsonNode time = http.json(http.get("/v5/market/time", Map.of(), false), "market/time");
        long received = System.currentTimeMillis();
        long server = time.hasNonNull("time") ? time.path("time").asLong()
                : time.path("result").path("timeSecond").asLong(received / 1000) * 1000;
        clockOffsetMs.set(server - (sent + received) / 2);
    }


    private static String encode(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        // the JDK client holds no resource that needs closing on Java 17
    }
}
