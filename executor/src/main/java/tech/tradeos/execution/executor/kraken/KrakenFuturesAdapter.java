package tech.tradeos.execution.executor.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import tech.tradeos.execution.executor.venue.FundingBooking;
import tech.tradeos.execution.executor.venue.InstrumentRules;
import tech.tradeos.execution.executor.venue.OrderRequest;
import tech.tradeos.execution.executor.venue.RulesCache;
import tech.tradeos.execution.executor.venue.VenueAdapter;
import tech.tradeos.execution.executor.venue.VenueHttp;
import tech.tradeos.execution.executor.venue.VenueOrder;
import tech.tradeos.execution.executor.venue.VenueUnavailable;
import tech.tradeos.execution.model.OrderState;

/**
 * Kraken Futures over its REST API v3 (docs.kraken.com, Futures REST): {@code sendorder} an {@code ioc} order
 * with {@code cliOrdId}; the order found again through {@code orders/status} by client id (open orders, or
 * ones with an event in the last seconds) and its executions through {@code fills} (which carry the client
 * id); rules from {@code instruments}; positions from {@code openpositions}. Requests carry {@code APIKey},
 * {@code Nonce} and {@code Authent} ({@link KrakenSigning#futures}), signed over the path without the
 * {@code /derivatives} prefix. The fills endpoint reports no fee: the fee is the configured taker rate of the
 * execution's notional (the account log holds the charged one). Funding payments come from the account log of the
 * history API ({@code /api/history/v3}, signed over its full path).
 */
public final class KrakenFuturesAdapter implements VenueAdapter {
    private static final String PREFIX = "/derivatives";
    /** A request refused for the rate budget says nothing about the order. */
    private static final List<String> TRANSIENT = List.of("apiLimitExceeded", "Server Error", "nonceBelowThreshold", "nonceDuplicate");

    private final String venue;
    private final VenueHttp http;
    private final String apiKey;
    private final String secret;
    private final BigDecimal takerFee;
    private final AtomicLong lastNonce = new AtomicLong();
    private final Object signing = new Object();
    private final RulesCache rules = new RulesCache(this::loadRules, java.time.Clock.systemUTC());

    /** {@code takerFee}: the fraction of notional charged per execution (venues.*.taker-fee). */
    public KrakenFuturesAdapter(String venue, VenueHttp http, String apiKey, String secret, BigDecimal takerFee) {
        this.venue = venue;
        this.http = http;
        this.apiKey = apiKey;
        this.secret = secret;
        this.takerFee = takerFee;
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
        JsonNode answer = http.json(http.get(PREFIX + "/api/v3/instruments", Map.of(), false), "instruments");
        for (JsonNode i : answer.path("instruments")) {
            if (i.path("symbol").asText().equalsIgnoreCase(s)) {
                BigDecimal lot = BigDecimal.ONE.movePointLeft(i.path("contractValueTradePrecision").asInt(0));
                BigDecimal tick = new BigDecimal(i.path("tickSize").asText("0.5"));
                return new InstrumentRules(venue, s, lot, tick, lot, BigDecimal.ZERO);
            }
        }
        throw new IllegalStateException(venue + " does not list " + s);
    }

    @Override
    public VenueOrder place(OrderRequest r) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("orderType", "ioc");
        form.put("symbol", r.symbol());
        form.put("side", r.side().name().toLowerCase());
        form.put("size", r.quantity().toPlainString());
        form.put("limitPrice", r.limitPrice().toPlainString());
        form.put("cliOrdId", r.clientOrderId());
        JsonNode answer = call("POST", "/api/v3/sendorder", form);
        if (!"success".equals(answer.path("result").asText())) {
            return VenueOrder.rejected(r.clientOrderId(), r.quantity(), venue + ": " + answer.path("error").asText("error"));
        }
        JsonNode status = answer.path("sendStatus");
        String s = status.path("status").asText("");
        if (s.equals("clientOrderIdAlreadyExist")) {
            // "the specified client id already exist" (sendorder docs): an order under it exists — in doubt, look it up
            throw new VenueUnavailable(venue + " sendorder: clientOrderIdAlreadyExist");
        }
        if (!s.equals("placed")) {
            return VenueOrder.rejected(r.clientOrderId(), r.quantity(), venue + ": " + (s.isEmpty() ? "no send status" : s));
        }
        String orderId = status.path("order_id").asText(null);
        if (orderId == null) {
            throw new VenueUnavailable(venue + " sendorder answer has no order_id");
        }
        remember(r.clientOrderId(), orderId);
        return new VenueOrder(r.clientOrderId(), orderId, OrderState.ACKED, r.quantity(), BigDecimal.ZERO, null, BigDecimal.ZERO,
                null, List.of());
    }

    @Override
    public Optional<VenueOrder> find(String clientOrderId, String symbol, BigDecimal quantity, Instant placedAfter) {
        JsonNode statuses = call("POST", "/api/v3/orders/status", Map.of("cliOrdIds", clientOrderId));
        JsonNode found = null;
        for (JsonNode o : statuses.path("orders")) {
            if (clientOrderId.equals(o.path("order").path("cliOrdId").asText())) {
                found = o;
            }
        }
        String venueOrderId = found == null ? null : found.path("order").path("orderId").asText(null);
        if (venueOrderId == null) {
            venueOrderId = orderIds.get(clientOrderId); // orders/status forgets a closed order after 5 s
        }
        List<VenueOrder.Execution> executions = new ArrayList<>();
        BigDecimal filled = BigDecimal.ZERO;
        BigDecimal notional = BigDecimal.ZERO;
        BigDecimal fees = BigDecimal.ZERO;
        for (JsonNode f : fillsSince(placedAfter)) {
            boolean ours = clientOrderId.equals(f.path("cliOrdId").asText(null))
                    || (venueOrderId != null && venueOrderId.equals(f.path("order_id").asText(null)));
            if (!ours) {
                continue;
            }
            BigDecimal size = new BigDecimal(f.path("size").asText());
            BigDecimal price = new BigDecimal(f.path("price").asText());
            BigDecimal fee = size.multiply(price).multiply(takerFee).setScale(8, RoundingMode.HALF_EVEN).stripTrailingZeros();
            executions.add(new VenueOrder.Execution(f.path("fill_id").asText(), size, price, fee, Instant.parse(f.path("fillTime").asText())));
            filled = filled.add(size);
            notional = notional.add(size.multiply(price));
            fees = fees.add(fee);
            venueOrderId = venueOrderId == null ? f.path("order_id").asText(null) : venueOrderId;
        }
        if (found == null && executions.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal avg = filled.signum() > 0 ? notional.divide(filled, 12, RoundingMode.HALF_EVEN).stripTrailingZeros() : null;
        OrderState state;
        String reason = null;
        if (found == null) {
            // no longer reported as open: an IOC order whose executions are all there is
            state = filled.compareTo(quantity) >= 0 ? OrderState.FILLED : OrderState.CANCELED;
        } else {
            String s = found.path("status").asText("");
            String why = found.path("updateReason").asText(null);
            state = switch (s) {
                case "FULLY_EXECUTED" -> OrderState.FILLED;
                case "ENTERED_BOOK" -> filled.signum() > 0 ? OrderState.PARTIALLY_FILLED : OrderState.ACKED;
                case "CANCELLED" -> OrderState.CANCELED;
                case "REJECTED" -> OrderState.REJECTED;
                default -> OrderState.REJECTED;
            };
            if (state == OrderState.REJECTED || state == OrderState.CANCELED) {
                reason = venue + ": " + (why == null ? s : why) + (found.hasNonNull("error") ? " (" + found.get("error").asText() + ")" : "");
            }
        }
        if (state == OrderState.CANCELED && reason == null) {
            reason = "IOC: the rest was not executable within the limit price";
        }
        return Optional.of(new VenueOrder(clientOrderId, venueOrderId, state, quantity, filled.min(quantity), avg, fees, reason, executions));
    }

    /** client id → order_id from sendorder answers: the documented fill carries no cliOrdId, only the order_id. */
    private final Map<String, String> orderIds = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 10_000;
        }
    });

    private void remember(String clientOrderId, String orderId) {
        orderIds.put(clientOrderId, orderId);
    }

    /**
     * The account's fills back to {@code since}: {@code GET fills} gives the last 100, newest first, and with
     * {@code lastFillTime} "the 100 entries before lastFillTime" (docs.kraken.com get-fills); pages are read back
     * until one reaches before {@code since} (or is empty). Past {@link tech.tradeos.execution.executor.venue.VenueAnswers#MAX_PAGES}: in doubt.
     */
    private List<JsonNode> fillsSince(Instant since) {
        List<JsonNode> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        String before = null;
        for (int page = 0; page < tech.tradeos.execution.executor.venue.VenueAnswers.MAX_PAGES; page++) {
            JsonNode fills = call("GET", "/api/v3/fills", before == null ? Map.of() : Map.of("lastFillTime", before)).path("fills");
            Instant oldest = null;
            for (JsonNode f : fills) {
                if (!seen.add(f.path("fill_id").asText())) {
                    continue;
                }
                out.add(f);
                Instant at = Instant.parse(f.path("fillTime").asText());
                oldest = oldest == null || at.isBefore(oldest) ? at : oldest;
            }
            if (oldest == null || oldest.isBefore(since)) {
                return out; // nothing new, or back before the order: every fill it can have is read
            }
            before = oldest.toString();
        }
        throw tech.tradeos.execution.executor.venue.VenueAnswers.pageBoundReached(venue, "fills");
    }

    @Override
    public Map<String, BigDecimal> positions() {
        Map<String, BigDecimal> positions = new HashMap<>();
        for (JsonNode p : call("GET", "/api/v3/openpositions", Map.of()).path("openPositions")) {
            BigDecimal size = new BigDecimal(p.path("size").asText("0"));
            positions.merge(p.path("symbol").asText(), "short".equals(p.path("side").asText()) ? size.negate() : size, BigDecimal::add);
        }
        return positions;
    }

    @Override
    public boolean booksFunding() {
        return true;
    }

    /**
     * The account log's {@code funding rate change} entries from {@code since} on ({@code GET /api/history/v3/account-log},
     * oldest first): {@code realized_funding} is the amount (received positive), with the entry's {@code funding_rate}
     * and {@code mark_price}; the id is the entry's {@code booking_uid} (its {@code id} when absent).
     */
    @Override
    public List<FundingBooking> fundingPayments(Instant since) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("since", Long.toString(since.toEpochMilli()));
        query.put("sort", "asc");
        query.put("info", "funding rate change");
        String endpoint = "/api/history/v3/account-log";
        String postData = encode(query);
        VenueHttp.Answer raw;
        synchronized (signing) { // nonces reach the venue in the order they were taken (see call)
            http.acquire();
            String nonce = Long.toString(lastNonce.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis())));
            Map<String, String> headers = Map.of("APIKey", apiKey, "Nonce", nonce,
                    "Authent", KrakenSigning.futures(postData, nonce, endpoint, secret));
            raw = http.get(endpoint + "?" + postData, headers, false);
        }
        JsonNode answer = http.json(raw, endpoint);
        if (!answer.has("logs")) {
            throw new IllegalStateException(venue + " " + endpoint + ": " + answer.path("error").asText("no logs"));
        }
        List<FundingBooking> out = new ArrayList<>();
        for (JsonNode log : answer.path("logs")) {
            if (!"funding rate change".equals(log.path("info").asText()) || !log.hasNonNull("realized_funding")) {
                continue;
            }
            String id = log.hasNonNull("booking_uid") ? log.get("booking_uid").asText() : log.path("id").asText();
            out.add(new FundingBooking(id, log.path("contract").asText(null), Instant.parse(log.path("date").asText()),
                    new BigDecimal(log.get("realized_funding").asText()), log.path("asset").asText(null),
                    log.hasNonNull("funding_rate") ? new BigDecimal(log.get("funding_rate").asText()) : null,
                    log.hasNonNull("mark_price") ? new BigDecimal(log.get("mark_price").asText()) : null));
        }
        return out;
    }

    private static String encode(Map<String, String> params) {
        StringBuilder data = new StringBuilder();
        params.forEach((k, v) -> data.append(data.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return data.toString();
    }

    private JsonNode call(String method, String endpoint, Map<String, String> params) {
        String postData = encode(params);
        VenueHttp.Answer answer;
        // a nonce must increase from one request to the next as the venue receives them ("nonceBelowThreshold"):
        // taken after the rate-limit wait, and the request sent before the next one takes its nonce
        synchronized (signing) {
            http.acquire();
            String nonce = Long.toString(lastNonce.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis())));
            Map<String, String> headers = Map.of("APIKey", apiKey, "Nonce", nonce,
                    "Authent", KrakenSigning.futures(postData, nonce, endpoint, secret));
            answer = method.equals("GET")
                    ? http.get(PREFIX + endpoint + (postData.isEmpty() ? "" : "?" + postData), headers, false)
                    : http.post(PREFIX + endpoint, postData, headers, false);
        }
        JsonNode node = http.json(answer, endpoint);
        String error = node.path("error").asText("");
        if (!error.isEmpty() && TRANSIENT.stream().anyMatch(error::startsWith)) {
            throw new VenueUnavailable(venue + " " + endpoint + ": " + error);
        }
        if (!endpoint.endsWith("/sendorder") && !"success".equals(node.path("result").asText())) {
            // a lookup that failed says nothing about the order: the executor asks again
            throw new IllegalStateException(venue + " " + endpoint + ": " + (error.isEmpty() ? "no success" : error));
        }
        return node;
    }

    @Override
    public void close() {
        // the JDK client holds no resource that needs closing on Java 17
    }
}
