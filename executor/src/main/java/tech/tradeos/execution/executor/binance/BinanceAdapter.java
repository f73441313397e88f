package tech.tradeos.execution.executor.binance;

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
 * Binance spot ({@code /api/v3}) and USDⓈ-M futures ({@code /fapi}), which share the signing, the error shape and
 * the order lifecycle (binance-spot-api-docs rest-api.md, errors.md, filters.md; the USDⓈ-M REST docs): a
 * {@code LIMIT} order with {@code timeInForce=IOC} and {@code newClientOrderId}; the order found again by
 * {@code origClientOrderId} ({@code -2013} "Order does not exist." means it never reached the venue) and its
 * executions through the account trade list by {@code orderId}; rules from {@code exchangeInfo} (LOT_SIZE stepSize and
 * minQty, PRICE_FILTER tickSize, NOTIONAL minNotional / MIN_NOTIONAL notional); positions from the account's balances
 * (spot) or {@code positionRisk} (futures). Every signed request carries {@code X-MBX-APIKEY}, {@code recvWindow},
 * {@code timestamp} on the venue's clock (a {@code -1021} re-reads its time and retries once) and {@code signature}.
 */
public final class BinanceAdapter implements VenueAdapter {
    /** The two APIs: their paths and the name of the minimum-notional filter and field. */
    public enum Api {
        SPOT("/api/v3/order", "/api/v3/myTrades", "/api/v3/exchangeInfo", "/api/v3/time", "/api/v3/account", "NOTIONAL", "minNotional"),
        USDM("/fapi/v1/order", "/fapi/v1/userTrades", "/fapi/v1/exchangeInfo", "/fapi/v1/time", "/fapi/v2/positionRisk",
                "MIN_NOTIONAL", "notional");

        final String order;
        final String trades;
        final String exchangeInfo;
        final String time;
        final String positions;
        final String notionalFilter;
        final String notionalField;

        Api(String order, String trades, String exchangeInfo, String time, String positions, String notionalFilter, String notionalField) {
            this.order = order;
            this.trades = trades;
            this.exchangeInfo = exchangeInfo;
            this.time = time;
            this.positions = positions;
            this.notionalFilter = notionalFilter;
            this.notionalField = notionalField;
        }
    }

    static final int RECV_WINDOW_MS = 5_000;
    /** Answers that say nothing about the order (errors.md): too many requests, the engine's timeout, internal errors. */
    private static final Set<Integer> TRANSIENT = Set.of(-1000, -1001, -1003, -1006, -1007, -1008, -1015);
    private static final int INVALID_TIMESTAMP = -1021;
    private static final int NO_SUCH_ORDER = -2013;
    private static final String DUPLICATE = "Duplicate order sent.";

    private final String venue;
    private final Api api;
    private final VenueHttp http;
    private final String apiKey;
    private final String secret;
    private final AtomicLong clockOffsetMs = new AtomicLong();
    private final RulesCache rules = new RulesCache(this::loadRules, java.time.Clock.systemUTC());

    public BinanceAdapter(String venue, Api api, VenueHttp http, String apiKey, String secret) {
        this.venue = venue;
        this.api = api;
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
        JsonNode info = http.json(http.get(api.exchangeInfo + "?symbol=" + encode(symbol), Map.of(), false), "exchangeInfo");
        for (JsonNode s : info.path("symbols")) {
            if (!symbol.equals(s.path("symbol").asText())) {
                continue;
            }
            BigDecimal step = null;
            BigDecimal minQty = BigDecimal.ZERO;
            BigDecimal tick = null;
            BigDecimal minNotional = BigDecimal.ZERO;
            for (JsonNode f : s.path("filters")) {
                switch (f.path("filterType").asText()) {
                    case "LOT_SIZE" -> {
                        step = decimal(f, "stepSize");
                        minQty = decimal(f, "minQty");
                    }
                    case "PRICE_FILTER" -> tick = decimal(f, "tickSize");
                    default -> {
                        if (f.path("filterType").asText().equals(api.notionalFilter)) {
                            minNotional = decimal(f, api.notionalField);
                        }
                    }
                }
            }
            if (step == null || tick == null) {
                throw new IllegalStateException(venue + " exchangeInfo of " + symbol + " has no LOT_SIZE or PRICE_FILTER");
            }
            return new InstrumentRules(venue, symbol, step, tick, minQty, minNotional);
        }
        throw new IllegalStateException(venue + " does not list " + symbol);
    }

    @Override
    public VenueOrder place(OrderRequest r) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("symbol", r.symbol());
        p.put("side", r.side().name());
        p.put("type", "LIMIT");
        p.put("timeInForce", "IOC");
        p.put("quantity", r.quantity().toPlainString());
        p.put("price", r.limitPrice().toPlainString());
        p.put("newClientOrderId", r.clientOrderId());
        p.put("newOrderRespType", "RESULT");
        VenueHttp.Answer answer = signed("POST", api.order, p);
        JsonNode node = http.json(answer, api.order);
        if (answer.status() >= 400) {
            if (node.path("code").asInt() == -2010 && DUPLICATE.equals(node.path("msg").asText())) {
                // "Duplicate order sent.": "The clOrdId is already in use" (errors.md) — an order under this id exists
                throw new VenueUnavailable(venue + " " + api.order + ": -2010 Duplicate order sent.");
            }
            return VenueOrder.rejected(r.clientOrderId(), r.quantity(), venue + ": " + node.path("code").asInt() + " "
                    + node.path("msg").asText("refused"));
        }
        String orderId = node.path("orderId").asText(null);
        if (orderId == null) {
            throw new VenueUnavailable(venue + " order answer has no orderId");
        }
        return new VenueOrder(r.clientOrderId(), orderId, OrderState.ACKED, r.quantity(), BigDecimal.ZERO, null, BigDecimal.ZERO,
                null, List.of());
    }

    @Override
    public Optional<VenueOrder> find(String clientOrderId, String symbol, BigDecimal quantity, Instant placedAfter) {
        VenueHttp.Answer answer = signed("GET", api.order, new LinkedHashMap<>(Map.of("symbol", symbol, "origClientOrderId", clientOrderId)));
        JsonNode order = http.json(answer, api.order);
        if (answer.status() >= 400) {
            if (order.path("code").asInt() == NO_SUCH_ORDER) {
                return Optional.empty();
            }
            // a lookup that failed says nothing about the order: the executor asks again
            throw new IllegalStateException(venue + " " + api.order + ": " + order.path("code").asInt() + " " + order.path("msg").asText());
        }
        String orderId = order.path("orderId").asText();
        VenueAnswers.Executions executions = new VenueAnswers.Executions();
        String base = tech.tradeos.execution.executor.venue.Assets.base(symbol);
        VenueHttp.Answer tradesAnswer = signed("GET", api.trades, new LinkedHashMap<>(Map.of("symbol", symbol, "orderId", orderId)));
        JsonNode trades = trades(tradesAnswer);
        for (JsonNode t : trades) {
            if (!orderId.equals(t.path("orderId").asText())) {
                continue;
            }
            BigDecimal qty = decimal(t, "qty");
            BigDecimal price = decimal(t, "price");
            BigDecimal commission = decimal(t, "commission").abs();
            // a spot buy pays its commission in the base asset: its value in the quote at the execution's price
            BigDecimal fee = base.equals(t.path("commissionAsset").asText()) ? VenueAnswers.inQuote(commission, price) : commission;
            // trade ids are unique per symbol only: the symbol keeps two symbols' trades apart (Ids.liveFillId)
            executions.add(symbol + ":" + t.path("id").asText(), qty, price, fee, Instant.ofEpochMilli(t.path("time").asLong()),
                    t.path("commissionAsset").asText(null), commission);
        }
        String status = order.path("status").asText("");
        OrderState state = switch (status) {
            case "NEW", "PENDING_NEW" -> OrderState.ACKED;
            case "PARTIALLY_FILLED" -> OrderState.PARTIALLY_FILLED;
            case "FILLED" -> OrderState.FILLED;
            case "CANCELED", "EXPIRED", "EXPIRED_IN_MATCH", "PENDING_CANCEL" -> OrderState.CANCELED;
            default -> OrderState.REJECTED;
        };
        if (state == OrderState.FILLED && executions.filled().compareTo(decimal(order, "executedQty")) < 0) {
            throw new IllegalStateException(venue + " reports " + clientOrderId + " filled before all its trades are listed");
        }
        String reason = switch (state) {
            case CANCELED -> "IOC: the rest was not executable within the limit price (" + venue + " " + status + ")";
            case REJECTED -> venue + ": " + status;
            default -> null;
        };
        return Optional.of(executions.order(clientOrderId, orderId, state, quantity, reason));
    }

    private JsonNode trades(VenueHttp.Answer answer) {
        try {
            JsonNode list = Json.tree(answer.body());
            if (answer.status() >= 400 || !list.isArray()) {
                throw new IllegalStateException(venue + " " + api.trades + " answered " + answer.status() + ": "
                        + (list.isObject() ? list.path("msg").asText() : "not a list"));
            }
            return list;
        } catch (java.io.IOException malformed) {
            throw new VenueUnavailable(venue + " " + api.trades + " answered malformed JSON");
        }
    }

    @Override
    public Map<String, BigDecimal> positions() {
        VenueHttp.Answer answer = signed("GET", api.positions, new LinkedHashMap<>());
        Map<String, BigDecimal> out = new HashMap<>();
        try {
            JsonNode node = Json.tree(answer.body());
            if (answer.status() >= 400) {
                throw new IllegalStateException(venue + " " + api.positions + ": " + node.path("msg").asText());
            }
            if (api == Api.SPOT) {
                for (JsonNode b : node.path("balances")) {
                    out.put(b.path("asset").asText(), decimal(b, "free").add(decimal(b, "locked")));
                }
            } else {
                for (JsonNode p : node) {
                    out.merge(p.path("symbol").asText(), decimal(p, "positionAmt"), BigDecimal::add);
                }
            }
            return out;
        } catch (java.io.IOException malformed) {
            throw new VenueUnavailable(venue + " " + api.positions + " answered malformed JSON");
        }
    }

    @Override
    public boolean booksFunding() {
        return api == Api.USDM;
    }

    /**
     * USDⓈ-M funding from {@code GET /fapi/v1/income} ({@code incomeType=FUNDING_FEE}, from {@code startTime}, up to
     * 1000): {@code income} is the amount (positive received), {@code tranId} the id; no rate or mark is reported.
     */
    @Override
    public List<FundingBooking> fundingPayments(Instant since) {
        if (api != Api.USDM) {
            return List.of();
        }
        // oldest first from startTime, at most `limit` a page: the next page starts at the last entry's time (inclusive,
        // so entries sharing that millisecond are not lost; tranId, unique per incomeType, drops the repeats); the end
        // is a page that adds nothing new — a short page proves nothing, the venue may page below the limit asked
        Map<String, FundingBooking> out = new LinkedHashMap<>();
        long from = since.toEpochMilli();
        for (int page = 0; page < VenueAnswers.MAX_PAGES; page++) {
            VenueHttp.Answer answer = signed("GET", "/fapi/v1/income", new LinkedHashMap<>(Map.of(
                    "incomeType", "FUNDING_FEE", "startTime", Long.toString(from), "limit", "1000")));
            JsonNode node;
            try {
                node = Json.tree(answer.body());
            } catch (java.io.IOException malformed) {
                throw new VenueUnavailable(venue + " /fapi/v1/income answered malformed JSON");
            }
            if (answer.status() >= 400 || !node.isArray()) {
                throw new IllegalStateException(venue + " /fapi/v1/income: " + node.path("msg").asText("not a list"));
            }
            int added = 0;
            for (JsonNode i : node) {
                from = Math.max(from, i.path("time").asLong());
                if ("FUNDING_FEE".equals(i.path("incomeType").asText()) && !out.containsKey(i.path("tranId").asText())) {
                    out.put(i.path("tranId").asText(), new FundingBooking(i.path("tranId").asText(), i.path("symbol").asText(),
                            Instant.ofEpochMilli(i.path("time").asLong()), decimal(i, "income"), i.path("asset").asText(null), null, null));
                    added++;
                }
            }
            if (added == 0) {
                List<FundingBooking> sorted = new ArrayList<>(out.values());
                sorted.sort(java.util.Comparator.comparing(FundingBooking::at));
                return sorted;
            }
        }
        throw VenueAnswers.pageBoundReached(venue, "/fapi/v1/income");
    }

    /** A signed request on the venue's clock; a {@code -1021} re-reads the venue's time and tries once more. */
    private VenueHttp.Answer signed(String method, String path, Map<String, String> params) {
        VenueHttp.Answer answer = send(method, path, params);
        if (code(answer) == INVALID_TIMESTAMP) {
            syncClock();
            answer = send(method, path, params);
        }
        int code = code(answer);
        if (TRANSIENT.contains(code) || code == INVALID_TIMESTAMP) {
            throw new VenueUnavailable(venue + " " + path + ": " + code);
        }
        return answer;
    }

    private VenueHttp.Answer send(String method, String path, Map<String, String> params) {
        StringBuilder q = new StringBuilder();
        params.forEach((k, v) -> q.append(q.isEmpty() ? "" : "&").append(k).append('=').append(encode(v)));
        q.append(q.isEmpty() ? "" : "&").append("recvWindow=").append(RECV_WINDOW_MS)
                .append("&timestamp=").append(System.currentTimeMillis() + clockOffsetMs.get());
        String payload = q + "&signature=" + BinanceSigning.sign(q.toString(), secret);
        Map<String, String> headers = Map.of("X-MBX-APIKEY", apiKey);
        return method.equals("GET") ? http.get(path + "?" + payload, headers, true) : http.post(path, payload, headers, true);
    }

    /** The venue's clock minus ours, from its time endpoint (half the round trip allowed for). */
    private void syncClock() {
        long sent = System.currentTimeMillis();
        JsonNode time = http.json(http.get(api.time, Map.of(), false), api.time);
        long received = System.currentTimeMillis();
        clockOffsetMs.set(time.path("serverTime").asLong(received) - (sent + received) / 2);
    }

    private static int code(VenueHttp.Answer answer) {
        if (answer.status() < 400) {
            return 0;
        }
        try {
            return Json.tree(answer.body()).path("code").asInt(0);
        } catch (java.io.IOException malformed) {
            return 0;
        }
    }


    private static String encode(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        // the JDK client holds no resource that needs closing on Java 17
    }
}
