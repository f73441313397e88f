package tech.tradeos.execution.executor.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.executor.kraken.KrakenSigning;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.Side;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.config.VenueConfig;
import tech.tradeos.execution.model.json.Json;

/**
 * {@code tradeos venue-sim}: a local stand-in for the venues the executor trades on, speaking each venue's
 * documented request and response shapes (Kraken Spot REST, Kraken Futures REST v3; Binance spot and USDⓈ-M in
 * {@link BinanceDialect}; Bybit v5 spot and linear in {@link BybitDialect}; Gemini in {@link GeminiDialect}; Coinbase
 * Advanced Trade in {@link CoinbaseDialect}), verifying
 * signatures
 * exactly as the venue does (a signing bug fails), keeping orders, trades and positions, and filling
 * marketable limit IOC orders against the books it is given ({@code marketdata.orderbook} through a
 * {@link BookFeed}, or {@code POST /sim/book}). Faults are injected into placements on request ({@link Faults}).
 * Where the venue's documentation is silent (the text of a duplicate client id's refusal) the simulator's
 * own words are used and say so. Control endpoints under {@code /sim/}: {@code faults}, {@code book},
 * {@code state}.
 */
public final class VenueSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VenueSimulator.class);
    private static final int MAX_BODY = 64 * 1024;
    private static final Pattern LONG_UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern SHORT_UUID = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern FREE_TEXT = Pattern.compile("[\\x20-\\x7E]{1,18}");
    /** How long Kraken Futures' orders/status still reports an order with no open quantity. */
    private static final Duration FUTURES_STATUS_WINDOW = Duration.ofSeconds(5);

    static {
        // the JDK server writes headers and body apart: without TCP_NODELAY every answer waits out the client's
        // delayed ACK (~40 ms on Linux). Read once, when the server classes load.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One venue's API credentials, as the simulated account knows them. */
    public record Account(String apiKey, String apiSecret) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "venue-sim");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, SimState> venues = new LinkedHashMap<>();
    private final Map<String, Account> accounts;
    /** venue → instrument → venue symbol as the REST API spells it. */
    private final Map<String, Map<String, String>> symbols = new HashMap<>();
    private final java.util.Set<String> spotVenues = new java.util.HashSet<>();
    private final Random random;
    private final BinanceDialect binance = new BinanceDialect(this);
    private final BybitDialect bybit = new BybitDialect(this);
    private final GeminiDialect gemini = new GeminiDialect(this);
    private final CoinbaseDialect coinbase = new CoinbaseDialect(this);
    private volatile Faults faults;
    private volatile Quirks quirks;
    /** How long the answer being written on this thread holds its body back after its headers (Faults.stallBody). */
    private static final ThreadLocal<Long> STALL_MS = ThreadLocal.withInitial(() -> 0L);

    /** The simulator as it was: {@link Quirks#NONE}. */
    public VenueSimulator(TradeosConfig config, Map<String, Account> accounts, int port, Faults faults) throws IOException {
        this(config, accounts, port, faults, Quirks.NONE);
    }

    /** A simulator playing {@code quirks} of the venues' documented behaviour (sim/README.md). */
    public VenueSimulator(TradeosConfig config, Map<String, Account> accounts, int port, Faults faults, Quirks quirks) throws IOException {
        this.accounts = Map.copyOf(accounts);
        this.faults = faults;
        this.quirks = quirks;
        this.random = new Random(faults.seed());
        for (String venue : List.of("KRAKEN_SPOT", "KRAKEN_FUTURES", "BINANCE_SPOT", "BINANCE_FUTURES", "BYBIT_SPOT", "BYBIT_PERP",
                "GEMINI", "COINBASE")) {
            VenueConfig v = config.venues().get(venue);
            if (v == null) {
                continue;
            }
            venues.put(venue, new SimState(venue, v.takerFeeBps().movePointLeft(4)));
            if (v.market() == tech.tradeos.execution.model.Market.SPOT) {
                spotVenues.add(venue);
            }
            Map<String, String> bySymbol = new HashMap<>();
            v.symbols().forEach((instrument, symbol) -> bySymbol.put(instrument, restSymbol(venue, symbol)));
            symbols.put(venue, bySymbol);
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
    }

    /** Kraken Spot's REST pair is the altname (XBTUSD) where the config holds the wsname (XBT/USD). */
    public static String restSymbol(String venue, String symbol) {
        return tech.tradeos.execution.executor.venue.VenueSymbols.rest(venue, symbol);
    }

    public VenueSimulator start() {
        server.start();
        LOG.info("venue simulator on 127.0.0.1:{} for {}", port(), venues.keySet());
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void faults(Faults next) {
        this.faults = next;
    }

    /** Switches the documented behaviours played from now on. */
    public void quirks(Quirks next) {
        this.quirks = next;
    }

    public Quirks quirks() {
        return quirks;
    }

    /**
     * Keeps an accepted order open (as a resting order would be) — for the uniqueness rules that look at open orders
     * only: a client id reused while it is open is refused (Kraken, Binance USDⓈ-M, Kraken Futures).
     */
    public void keepOpen(String venue, String clientOrderId) {
        SimState s = venues.get(venue);
        synchronized (s) {
            s.orders.get(clientOrderId).closed = null;
        }
    }

    /**
     * Makes the venue report {@code status} for the order (null: its own again) — e.g. Coinbase's
     * {@code UNKNOWN_ORDER_STATUS} or {@code EDIT_QUEUED}, which are not final. Read by the Coinbase dialect.
     */
    public void reportStatus(String venue, String clientOrderId, String status) {
        SimState s = venues.get(venue);
        synchronized (s) {
            s.orders.get(clientOrderId).reportedStatus = status;
        }
    }

    /**
     * A balance the account holds before anything is traded (a spot account's 5 BTC, say): {@code quantity} of
     * {@code instrument}'s base asset on {@code venue}, reported by the venue's balance endpoints like any other.
     */
    public void startingBalance(String venue, String instrument, BigDecimal quantity) {
        SimState s = venues.get(venue);
        String symbol = s == null ? null : symbols.get(venue).get(instrument);
        if (symbol == null) {
            throw new IllegalArgumentException(venue + " does not trade " + instrument + " here");
        }
        synchronized (s) {
            s.positions.merge(symbol, quantity, BigDecimal::add);
        }
    }

    /** Sets the simulated Binance's clock this far ahead of the machine's (a client that does not sync gets -1021). */
    public void binanceClockAhead(long ms) {
        binance.clockAhead(ms);
    }

    /** A book for a venue this simulator plays, in the router's message format; others are ignored. */
    public void book(BookSnapshot book) {
        SimState s = venues.get(book.venue());
        String symbol = s == null ? null : symbols.get(book.venue()).get(book.instrument());
        if (symbol != null) {
            synchronized (s) {
                BookSnapshot held = s.books.get(symbol);
                if (held == null || !book.timestamp().isBefore(held.timestamp())) {
                    s.books.put(symbol, book);
                }
            }
        }
    }

    /** Positions per venue and symbol, orders and duplicate placements: what tests compare the ledger with. */
    public ObjectNode state() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        venues.forEach((venue, s) -> {
            synchronized (s) {
                ObjectNode v = out.putObject(venue);
                ObjectNode p = v.putObject("positions");
                s.positions.forEach((sym, q) -> p.put(sym, q.stripTrailingZeros().toPlainString()));
                v.put("orders", s.all.size());
                v.put("trades", s.trades.size());
                v.put("duplicates", s.duplicates);
                v.put("maxPlacementsPerClientId", s.placements.values().stream().mapToInt(Integer::intValue).max().orElse(0));
                // client ids the venue accepted more than once (where its documented uniqueness rule allows it)
                v.put("reusedClientIds", s.placements.values().stream().filter(n -> n > 1).count());
            }
        });
        return out;
    }

    /** Whether an order {@code venue} accepted under {@code clientOrderId} traded: what an operator checks in the venue's UI. */
    public boolean executed(String venue, String clientOrderId) {
        SimState s = venues.get(venue);
        if (s == null) {
            return false;
        }
        synchronized (s) {
            return s.trades.stream().anyMatch(t -> clientOrderId.equals(t.order().clientOrderId));
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            byte[] raw = readBody(ex.getRequestBody());
            if (raw == null) {
                reply(ex, 413, "{\"error\":[\"request body too large\"]}");
                return;
            }
            String body = new String(raw, StandardCharsets.UTF_8);
            String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
            Faults now = faults;
            if (path.startsWith("/sim/")) {
                control(ex, path, body);
            } else if (now.rateLimitStorm()) {
                // a 429 storm: every venue request refused, with the back-off the venue asks for
                ex.getResponseHeaders().set("Retry-After", Integer.toString(now.retryAfterSeconds()));
                reply(ex, 429, "{\"code\":-1003,\"msg\":\"Too many requests (simulated 429 storm)\",\"error\":[\"EAPI:Rate limit exceeded\"]}");
            } else if (path.startsWith("/0/")) {
                spot(ex, path, body, query);
            } else if (path.startsWith("/derivatives/api/v3/")) {
                futures(ex, path, body, query);
            } else if (path.equals("/api/history/v3/account-log")) {
                futuresAccountLog(ex, path, query);
            } else if (path.startsWith("/api/v3/brokerage/")) {
                coinbase.handle(ex, path, body, query);
            } else if (path.startsWith("/api/v3/") || path.startsWith("/fapi/")) {
                binance.handle(ex, path, body, query);
            } else if (path.startsWith("/v5/")) {
                bybit.handle(ex, path, body, query);
            } else if (path.startsWith("/v1/")) {
                gemini.handle(ex, path);
            } else {
                reply(ex, 404, "{\"error\":[\"EGeneral:Unknown method\"]}");
            }
        } catch (RuntimeException e) {
            LOG.warn("venue simulator failed on {}", ex.getRequestURI().getPath(), e);
            reply(ex, 500, "{\"error\":[\"EGeneral:Internal error\"]}");
        } finally {
            STALL_MS.remove();
        }
    }

    private void control(HttpExchange ex, String path, String body) throws IOException {
        switch (path) {
            case "/sim/faults" -> {
                // fields left out keep Faults.NONE's value, so a body written before a field existed still reads
                ObjectNode merged = Json.MAPPER.valueToTree(Faults.NONE);
                try {
                    merged.setAll((ObjectNode) Json.tree(body));
                    faults(Json.MAPPER.treeToValue(merged, Faults.class));
                } catch (IOException | ClassCastException | IllegalArgumentException bad) {
                    reply(ex, 400, "{\"error\":\"faults: " + bad.getClass().getSimpleName() + "\"}");
                    return;
                }
                reply(ex, 200, Json.text(faults));
            }
            case "/sim/book" -> {
                book(Json.read(body, BookSnapshot.class));
                reply(ex, 200, "{}");
            }
            case "/sim/state" -> reply(ex, 200, state().toString());
            default -> reply(ex, 404, "{}");
        }
    }

    // ------------------------------------------------------------------------------------------ Kraken Spot

    private void spot(HttpExchange ex, String path, String body, String query) throws IOException {
        SimState s = venues.get("KRAKEN_SPOT");
        if (s == null) {
            reply(ex, 404, "{\"error\":[\"EGeneral:Unknown method\"]}");
            return;
        }
        if (path.equals("/0/public/AssetPairs")) {
            String pair = form(query).getOrDefault("pair", "");
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            for (String symbol : symbols.get(s.venue).values()) {
                if (pair.isEmpty() || pair.equals(symbol)) {
                    result.putObject(symbol).put("altname", symbol).put("pair_decimals", 2).put("lot_decimals", 8)
                            .put("tick_size", "0.01").put("ordermin", "0.0001").put("costmin", "0.5").put("status", "online");
                }
            }
            spotReply(ex, result.isEmpty() ? List.of("EQuery:Unknown asset pair") : List.of(), result);
            return;
        }
        if (!path.startsWith("/0/private/")) {
            reply(ex, 404, "{\"error\":[\"EGeneral:Unknown method\"]}");
            return;
        }
        Map<String, String> f = form(body);
        String auth = spotAuth(s, ex, path, body, f);
        if (auth != null) {
            spotReply(ex, List.of(auth), null);
            return;
        }
        switch (path.substring("/0/private/".length())) {
            case "AddOrder" -> spotAddOrder(ex, s, f);
            case "OpenOrders" -> spotOrders(ex, s, f, true);
            case "ClosedOrders" -> spotOrders(ex, s, f, false);
            case "QueryTrades" -> spotTrades(ex, s, f);
            case "Balance" -> {
                ObjectNode result = JsonNodeFactory.instance.objectNode();
                synchronized (s) {
                    s.positions.forEach((sym, q) -> result.put(krakenAsset(sym.replace("USD", "")), q.toPlainString()));
                }
                spotReply(ex, List.of(), result);
            }
            default -> spotReply(ex, List.of("EGeneral:Unknown method"), null);
        }
    }

    /**
     * Kraken Spot's Balance key for an asset: with {@link Quirks#krakenAssetNames()} the legacy X-prefixed names the
     * venue still uses for its oldest assets (XXBT, XETH: ccxt kraken.ts commonCurrencies / Kraken "Get Asset Info");
     * assets listed later keep their plain name (SOL).
     */
    private String krakenAsset(String asset) {
        if (!quirks.krakenAssetNames()) {
            return asset;
        }
        return switch (asset) {
            case "XBT" -> "XXBT";
            case "ETH" -> "XETH";
            default -> asset;
        };
    }

    /** Kraken Spot's check: known key, a nonce above the last one, API-Sign over path + SHA256(nonce + body). */
    private String spotAuth(SimState s, HttpExchange ex, String path, String body, Map<String, String> f) {
        String key = ex.getRequestHeaders().getFirst("API-Key");
        Account account = accounts.get(s.venue);
        if (account == null || key == null || !key.equals(account.apiKey())) {
            return "EAPI:Invalid key";
        }
        String nonce = f.get("nonce");
        if (nonce == null || !nonce.matches("[0-9]{1,20}")) {
            return "EAPI:Invalid nonce";
        }
        if (!KrakenSigning.matches(KrakenSigning.spot(path, nonce, body, account.apiSecret()), ex.getRequestHeaders().getFirst("API-Sign"))) {
            return "EAPI:Invalid signature";
        }
        synchronized (s) {
            long n = new BigDecimal(nonce).longValue();
            Long last = s.nonces.get(key);
            if (last != null && n <= last) {
                return "EAPI:Invalid nonce";
            }
            s.nonces.put(key, n);
        }
        return null;
    }

    private void spotAddOrder(HttpExchange ex, SimState s, Map<String, String> f) throws IOException {
        String cid = f.get("cl_ord_id");
        String pair = f.get("pair");
        Side side = "buy".equals(f.get("type")) ? Side.BUY : "sell".equals(f.get("type")) ? Side.SELL : null;
        BigDecimal volume = decimal(f.get("volume"));
        BigDecimal price = decimal(f.get("price"));
        if (side == null || volume == null || volume.signum() <= 0 || !"limit".equals(f.get("ordertype")) || price == null
                || !symbols.get(s.venue).containsValue(pair) || !"IOC".equals(f.get("timeinforce"))) {
            spotReply(ex, List.of("EGeneral:Invalid arguments"), null);
            return;
        }
        if (cid != null && !(LONG_UUID.matcher(cid).matches() || SHORT_UUID.matcher(cid).matches() || FREE_TEXT.matcher(cid).matches())) {
            spotReply(ex, List.of("EGeneral:Invalid arguments:cl_ord_id"), null);
            return;
        }
        // oflags=fciq: the fee in the quote; without it a sell pays in the base (fcib "default if selling", AddOrder docs)
        boolean fciq = java.util.Arrays.asList(f.getOrDefault("oflags", "").split(",")).contains("fciq");
        Placement placement = place(s, cid, pair, side, volume, price, () -> kraken("O"), () -> kraken("T"), fciq);
        switch (placement.outcome) {
            case SERVER_ERROR, ACCEPTED_THEN_ERROR -> reply(ex, 500, "{\"error\":[\"EService:Unavailable\"]}");
            case TOO_MANY_REQUESTS -> reply(ex, 429, "{\"error\":[\"EAPI:Rate limit exceeded\"]}");
            case LOST -> { } // accepted, matched, and no answer: the connection closes
            case REFUSED -> spotReply(ex, List.of(placement.refusal() == Refusal.DUPLICATE_CLIENT_ID
                    ? "EOrder:Duplicate cl_ord_id (simulator's wording)" : "EOrder:Insufficient funds"), null);
            case ACCEPTED -> {
                ObjectNode result = JsonNodeFactory.instance.objectNode();
                result.putObject("descr").put("order", f.get("type") + " " + volume.toPlainString() + " " + pair + " @ limit " + price.toPlainString());
                result.putArray("txid").add(placement.order.venueOrderId);
                spotReply(ex, List.of(), result);
            }
        }
    }

    private void spotOrders(HttpExchange ex, SimState s, Map<String, String> f, boolean open) throws IOException {
        String cid = f.get("cl_ord_id");
        long start = f.containsKey("start") ? Long.parseLong(f.get("start")) : Long.MIN_VALUE;
        boolean withTrades = "true".equals(f.get("trades"));
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        int total;
        synchronized (s) {
            List<SimState.SimOrder> matching = new java.util.ArrayList<>();
            for (SimState.SimOrder o : s.all) {
                boolean isOpen = o.closed == null;
                if (isOpen != open || (cid != null && !cid.equals(o.clientOrderId)) || (!open && o.opened.getEpochSecond() <= start)) {
                    continue;
                }
                matching.add(0, o); // newest first, as ClosedOrders lists them
            }
            // ClosedOrders: 50 a page, "ofs" the offset, "count" all that match (docs.kraken.com get-closed-orders)
            SimPages<SimState.SimOrder> page = SimPages.of(matching, open ? "" : f.get("ofs"), open ? 0 : SimPages.size(0, 50, quirks));
            total = page.total();
            for (SimState.SimOrder o : page.items()) {
                ObjectNode n = list.putObject(o.venueOrderId);
                n.put("cl_ord_id", o.clientOrderId).put("status", o.status).put("opentm", o.opened.toEpochMilli() / 1000.0)
                        .put("vol", o.quantity.toPlainString()).put("vol_exec", o.filled.toPlainString())
                        .put("cost", o.notional.toPlainString()).put("fee", o.fee.toPlainString())
                        .put("price", o.averagePrice().toPlainString());
                if (o.closed != null) {
                    n.put("closetm", o.closed.toEpochMilli() / 1000.0);
                }
                if (o.reason != null) {
                    n.put("reason", o.reason);
                }
                ObjectNode descr = n.putObject("descr");
                descr.put("pair", o.symbol).put("type", o.side.name().toLowerCase()).put("ordertype", "limit").put("price", o.limit.toPlainString());
                if (withTrades && !o.trades.isEmpty()) {
                    ArrayNode t = n.putArray("trades");
                    o.trades.forEach(tr -> t.add(tr.tradeId()));
                }
            }
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.set(open ? "open" : "closed", list);
        if (!open) {
            result.put("count", total);
        }
        spotReply(ex, List.of(), result);
    }

    private void spotTrades(HttpExchange ex, SimState s, Map<String, String> f) throws IOException {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        List<String> wanted = List.of(f.getOrDefault("txid", "").split(","));
        synchronized (s) {
            for (SimState.SimTrade t : s.trades) {
                if (wanted.contains(t.tradeId())) {
                    result.putObject(t.tradeId()).put("ordertxid", t.order().venueOrderId).put("pair", t.order().symbol)
                            .put("time", t.time().toEpochMilli() / 1000.0).put("type", t.order().side.name().toLowerCase())
                            .put("ordertype", "limit").put("price", t.price().toPlainString())
                            .put("cost", t.quantity().multiply(t.price()).toPlainString()).put("fee", t.fee().toPlainString())
                            .put("vol", t.quantity().toPlainString());
                }
            }
        }
        spotReply(ex, List.of(), result);
    }

    private void spotReply(HttpExchange ex, List<String> errors, JsonNode result) throws IOException {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode e = out.putArray("error");
        errors.forEach(e::add);
        if (result != null) {
            out.set("result", result);
        }
        reply(ex, 200, out.toString());
    }

    private String kraken(String prefix) {
        long n = Math.abs(random.nextLong());
        String a = Long.toString(n, 36).toUpperCase() + "AAAAAAAAAAAAAAAA";
        return prefix + a.substring(0, 5) + "-" + a.substring(5, 10) + "-" + a.substring(10, 16);
    }

    // --------------------------------------------------------------------------------------- Kraken Futures

    private void futures(HttpExchange ex, String path, String body, String query) throws IOException {
        SimState s = venues.get("KRAKEN_FUTURES");
        String endpoint = path.substring("/derivatives".length());
        if (s == null) {
            reply(ex, 404, "{\"result\":\"error\",\"error\":\"unknown endpoint\"}");
            return;
        }
        if (endpoint.equals("/api/v3/instruments")) {
            ObjectNode out = success();
            ArrayNode list = out.putArray("instruments");
            symbols.get(s.venue).values().forEach(sym -> list.addObject().put("symbol", sym).put("type", "flexible_futures")
                    .put("tradeable", true).put("tickSize", new BigDecimal("0.01")).put("contractValueTradePrecision", 4));
            reply(ex, 200, out.toString());
            return;
        }
        boolean get = ex.getRequestMethod().equals("GET");
        String postData = get ? query : body;
        Account account = accounts.get(s.venue);
        String nonce = ex.getRequestHeaders().getFirst("Nonce");
        if (account == null || !account.apiKey().equals(ex.getRequestHeaders().getFirst("APIKey")) || nonce == null
                || !KrakenSigning.matches(KrakenSigning.futures(postData, nonce, endpoint, account.apiSecret()),
                        ex.getRequestHeaders().getFirst("Authent"))) {
            reply(ex, 401, "{\"result\":\"error\",\"error\":\"authenticationError\"}");
            return;
        }
        String nonceError = futuresNonce(s, account.apiKey(), nonce);
        if (nonceError != null) {
            reply(ex, 200, success().put("result", "error").put("error", nonceError).toString());
            return;
        }
        Map<String, String> f = form(postData);
        switch (endpoint) {
            case "/api/v3/sendorder" -> futuresSendOrder(ex, s, f);
            case "/api/v3/orders/status" -> futuresStatus(ex, s, f);
            case "/api/v3/fills" -> futuresFills(ex, s, f);
            case "/api/v3/openpositions" -> {
                ObjectNode out = success();
                ArrayNode list = out.putArray("openPositions");
                synchronized (s) {
                    s.positions.forEach((sym, q) -> {
                        if (q.signum() != 0) {
                            list.addObject().put("side", q.signum() > 0 ? "long" : "short").put("symbol", sym).put("size", q.abs());
                        }
                    });
                }
                reply(ex, 200, out.toString());
            }
            default -> reply(ex, 404, "{\"result\":\"error\",\"error\":\"unknown endpoint\"}");
        }
    }

    /**
     * With {@link Quirks#krakenFuturesFills()}: a nonce not above the key's last is refused — {@code nonceDuplicate}
     * "has been used in a previous request", {@code nonceBelowThreshold} "below the threshold" (Futures REST error
     * list, docs.kraken.com sendorder page); the v3 and history APIs share the key's nonces.
     */
    private String futuresNonce(SimState s, String key, String nonce) {
        if (!quirks.krakenFuturesFills()) {
            return null;
        }
        long n;
        try {
            n = Long.parseLong(nonce);
        } catch (NumberFormatException e) {
            return "nonceBelowThreshold";
        }
        synchronized (s) {
            Long last = s.nonces.get(key);
            if (last != null && n <= last) {
                return n == last ? "nonceDuplicate" : "nonceBelowThreshold";
            }
            s.nonces.put(key, n);
        }
        return null;
    }

    /** A Kraken Futures funding settlement (see {@link #settleFunding(String, String, BigDecimal, BigDecimal, Instant)}). */
    public void settleFunding(String symbol, BigDecimal rate, BigDecimal mark, Instant at) {
        settleFunding("KRAKEN_FUTURES", symbol, rate, mark, at);
    }

    /**
     * A funding settlement on a perp venue's account: the open position in {@code symbol} receives −size × mark × rate,
     * booked where the venue reports it (Kraken Futures' account log, Binance's income history, Bybit's transaction log).
     */
    public void settleFunding(String venue, String symbol, BigDecimal rate, BigDecimal mark, Instant at) {
        SimState s = venues.get(venue);
        synchronized (s) {
            BigDecimal size = s.positions.getOrDefault(symbol, BigDecimal.ZERO);
            if (size.signum() != 0) {
                long id = s.ids.incrementAndGet();
                s.funding.add(new SimState.SimFunding(id, java.util.UUID.nameUUIDFromBytes(("funding-" + id).getBytes(StandardCharsets.UTF_8)).toString(),
                        at, symbol, rate, mark, size.multiply(mark).multiply(rate).negate().stripTrailingZeros()));
            }
        }
    }

    /** {@code GET /api/history/v3/account-log}: the funding entries from {@code since} on, signed like the v3 API. */
    private void futuresAccountLog(HttpExchange ex, String endpoint, String query) throws IOException {
        SimState s = venues.get("KRAKEN_FUTURES");
        Account account = s == null ? null : accounts.get(s.venue);
        String nonce = ex.getRequestHeaders().getFirst("Nonce");
        if (account == null || !account.apiKey().equals(ex.getRequestHeaders().getFirst("APIKey")) || nonce == null
                || !KrakenSigning.matches(KrakenSigning.futures(query, nonce, endpoint, account.apiSecret()),
                        ex.getRequestHeaders().getFirst("Authent"))) {
            reply(ex, 401, "{\"result\":\"error\",\"error\":\"authenticationError\"}");
            return;
        }
        String nonceError = futuresNonce(s, account.apiKey(), nonce);
        if (nonceError != null) {
            reply(ex, 200, success().put("result", "error").put("error", nonceError).toString());
            return;
        }
        Map<String, String> q = form(query);
        long since = q.containsKey("since") ? Long.parseLong(q.get("since")) : 0;
        ObjectNode out = Json.MAPPER.createObjectNode().put("accountUid", "00000000-0000-0000-0000-000000000000");
        ArrayNode logs = out.putArray("logs");
        synchronized (s) {
            for (SimState.SimFunding f : s.funding) {
                if (f.date().toEpochMilli() >= since) {
                    logs.addObject().put("id", f.id()).put("booking_uid", f.bookingUid()).put("date", f.date().toString())
                            .put("asset", "usd").put("info", "funding rate change").put("margin_account", "flex")
                            .put("contract", f.symbol().toLowerCase(java.util.Locale.ROOT)).put("funding_rate", f.rate())
                            .put("mark_price", f.mark()).put("realized_funding", f.amount());
                }
            }
        }
        reply(ex, 200, out.toString());
    }

    private void futuresSendOrder(HttpExchange ex, SimState s, Map<String, String> f) throws IOException {
        String cid = f.get("cliOrdId");
        Side side = "buy".equals(f.get("side")) ? Side.BUY : "sell".equals(f.get("side")) ? Side.SELL : null;
        BigDecimal size = decimal(f.get("size"));
        BigDecimal limit = decimal(f.get("limitPrice"));
        if (side == null || size == null || size.signum() <= 0 || limit == null || !"ioc".equals(f.get("orderType"))
                || !symbols.get(s.venue).containsValue(f.get("symbol")) || (cid != null && cid.length() > 100)) {
            reply(ex, 200, success().put("result", "error").put("error", "invalidArgument").toString());
            return;
        }
        Placement placement = place(s, cid, f.get("symbol"), side, size, limit, () -> UUID.randomUUID().toString(),
                () -> UUID.randomUUID().toString());
        ObjectNode out = success();
        ObjectNode status = out.putObject("sendStatus").put("receivedTime", Instant.now().toString());
        switch (placement.outcome) {
            case SERVER_ERROR, ACCEPTED_THEN_ERROR -> reply(ex, 500, "{\"result\":\"error\",\"error\":\"Server Error\"}");
            case TOO_MANY_REQUESTS -> reply(ex, 429, "{\"result\":\"error\",\"error\":\"apiLimitExceeded\"}");
            case LOST -> { }
            case REFUSED -> {
                // clientOrderIdAlreadyExist: "the specified client id already exist" (sendorder sendStatus list)
                status.put("status", placement.refusal() == Refusal.DUPLICATE_CLIENT_ID
                        ? (quirks.documentedClientIds() ? "clientOrderIdAlreadyExist" : "duplicateClientOrderId (simulator's wording)")
                        : "insufficientAvailableFunds");
                reply(ex, 200, out.toString());
            }
            case ACCEPTED -> {
                boolean nothing = placement.order.filled.signum() == 0;
                // an IOC that matched nothing: sendStatus iocWouldNotExecute with a REJECT event (sendorder docs' example)
                status.put("order_id", placement.order.venueOrderId).put("cliOrdId", cid)
                        .put("status", quirks.krakenFuturesFills() && nothing ? "iocWouldNotExecute" : "placed");
                ArrayNode events = status.putArray("orderEvents");
                placement.order.trades.forEach(t -> events.addObject().put("executionId", t.tradeId()).put("price", t.price())
                        .put("amount", t.quantity()).put("type", "EXECUTION"));
                reply(ex, 200, out.toString());
            }
        }
    }

    private void futuresStatus(HttpExchange ex, SimState s, Map<String, String> f) throws IOException {
        List<String> wanted = List.of(f.getOrDefault("cliOrdIds", "").split(","));
        ObjectNode out = success();
        ArrayNode list = out.putArray("orders");
        Instant now = Instant.now();
        synchronized (s) {
            for (SimState.SimOrder o : s.orders.values()) {
                boolean recent = o.closed == null || Duration.between(o.closed, now).compareTo(FUTURES_STATUS_WINDOW) <= 0;
                if (wanted.contains(o.clientOrderId) && recent) {
                    ObjectNode n = list.addObject();
                    n.putObject("order").put("type", "ORDER").put("orderId", o.venueOrderId).put("cliOrdId", o.clientOrderId)
                            .put("symbol", o.symbol).put("side", o.side.name().toLowerCase()).put("quantity", o.quantity)
                            .put("filled", o.filled).put("limitPrice", o.limit).put("reduceOnly", false)
                            .put("timestamp", o.opened.toString()).put("lastUpdateTimestamp", (o.closed == null ? o.opened : o.closed).toString());
                    n.put("status", o.filled.compareTo(o.quantity) >= 0 ? "FULLY_EXECUTED" : o.closed == null ? "ENTERED_BOOK" : "CANCELLED");
                    n.put("updateReason", o.filled.compareTo(o.quantity) >= 0 ? "FULL_FILL" : "IOC_WOULD_NOT_EXECUTE_REASON");
                }
            }
        }
        reply(ex, 200, out.toString());
    }

    /**
     * {@code GET /api/v3/fills}: the account's fills, newest first. With {@link Quirks#krakenFuturesFills()} as
     * documented (docs.kraken.com get-fills): "If not provided, returns the last 100 fills in any futures contract. If
     * provided, returns the 100 entries before lastFillTime" — a page of 100 (or {@link Quirks#pageSize()}), and no
     * {@code cliOrdId} (the documented fill has none). Without: every fill (up to 100), with its cliOrdId.
     */
    private void futuresFills(HttpExchange ex, SimState s, Map<String, String> f) throws IOException {
        ObjectNode out = success();
        ArrayNode list = out.putArray("fills");
        Quirks q = quirks;
        Instant before = f.containsKey("lastFillTime") ? Instant.parse(f.get("lastFillTime")) : null;
        int size = q.krakenFuturesFills() && q.pageSize() > 0 ? q.pageSize() : 100;
        synchronized (s) {
            for (int i = s.trades.size() - 1; i >= 0 && list.size() < size; i--) {
                SimState.SimTrade t = s.trades.get(i);
                if (before != null && !t.time().isBefore(before)) {
                    continue;
                }
                ObjectNode n = list.addObject().put("fill_id", t.tradeId()).put("symbol", t.order().symbol)
                        .put("side", t.order().side.name().toLowerCase()).put("order_id", t.order().venueOrderId);
                if (!q.krakenFuturesFills()) {
                    n.put("cliOrdId", t.order().clientOrderId);
                }
                n.put("size", t.quantity()).put("price", t.price()).put("fillTime", t.time().toString()).put("fillType", "taker");
            }
        }
        reply(ex, 200, out.toString());
    }

    private static ObjectNode success() {
        return JsonNodeFactory.instance.objectNode().put("result", "success").put("serverTime", Instant.now().toString());
    }

    // ------------------------------------------------------------------------------------------------ common

    /**
     * ACCEPTED_THEN_ERROR: accepted and matched, answered with a 5xx; EXISTING: a client id already used, answered
     * with that order as if just placed (Coinbase) — nothing new placed.
     */
    enum Outcome { ACCEPTED, REFUSED, SERVER_ERROR, TOO_MANY_REQUESTS, LOST, ACCEPTED_THEN_ERROR, EXISTING }

    /** What a venue does with a client id it has seen: refuse it, place a new order, or answer with the old one. */
    private enum Reuse { REFUSE, ACCEPT, EXISTING }

    /**
     * Each venue's documented client-id uniqueness (with {@link Quirks#documentedClientIds()}; without: every reuse
     * refused). Sources in sim/README.md: Kraken Spot "across open orders"; Kraken Futures and Binance USDⓈ-M among
     * open orders; Binance spot "accepted only when the previous one is filled"; Gemini "does not enforce uniqueness";
     * Bybit "always unique"; Coinbase "the order corresponding with that ID will be returned instead".
     */
    private Reuse reuse(String venue, SimState.SimOrder previous) {
        if (!quirks.documentedClientIds()) {
            return Reuse.REFUSE;
        }
        boolean open = previous.closed == null;
        return switch (venue) {
            case "KRAKEN_SPOT", "KRAKEN_FUTURES", "BINANCE_FUTURES" -> open ? Reuse.REFUSE : Reuse.ACCEPT;
            case "BINANCE_SPOT" -> previous.filled.compareTo(previous.quantity) >= 0 ? Reuse.ACCEPT : Reuse.REFUSE;
            case "GEMINI" -> Reuse.ACCEPT;
            case "COINBASE" -> Reuse.EXISTING;
            default -> Reuse.REFUSE; // Bybit: always unique
        };
    }

    /**
     * Whether a spot trade's fee is charged in the base asset ({@link Quirks#feesAsCharged()}): Binance spot buys
     * (commission "deducted from your received amount", commission_faq.md), Bybit spot taker buys (fee in the base
     * coin, enum.mdx), Kraken Spot sells unless {@code oflags=fciq} (fcib "default if selling").
     */
    private boolean feeInBase(String venue, Side side, boolean quoteFeeAsked) {
        if (!quirks.feesAsCharged()) {
            return false;
        }
        return switch (venue) {
            case "BINANCE_SPOT", "BYBIT_SPOT" -> side == Side.BUY;
            case "KRAKEN_SPOT" -> side == Side.SELL && !quoteFeeAsked;
            default -> false;
        };
    }

    /** Why a placement was refused; each dialect words it as its venue does. */
    enum Refusal { INSUFFICIENT_FUNDS, DUPLICATE_CLIENT_ID }

    record Placement(Outcome outcome, SimState.SimOrder order, Refusal refusal) {
    }

    SimState venue(String venue) {
        return venues.get(venue);
    }

    Account account(String venue) {
        return accounts.get(venue);
    }

    boolean lists(String venue, String symbol) {
        return symbols.getOrDefault(venue, Map.of()).containsValue(symbol);
    }

    java.util.Collection<String> symbols(String venue) {
        return symbols.getOrDefault(venue, Map.of()).values();
    }

    /** A placement under the faults in force: refused, or accepted and matched (IOC) against the venue's book. */
    Placement place(SimState s, String cid, String symbol, Side side, BigDecimal quantity, BigDecimal limit,
                            java.util.function.Supplier<String> orderIds, java.util.function.Supplier<String> tradeIds) {
        return place(s, cid, symbol, side, quantity, limit, orderIds, tradeIds, false);
    }

    /** {@code quoteFeeAsked}: the order asked for its fee in the quote (Kraken's {@code oflags=fciq}). */
    Placement place(SimState s, String cid, String symbol, Side side, BigDecimal quantity, BigDecimal limit,
                            java.util.function.Supplier<String> orderIds, java.util.function.Supplier<String> tradeIds,
                            boolean quoteFeeAsked) {
        Faults now = faults;
        Faults.Kind fault;
        boolean stall;
        synchronized (random) {
            fault = now.draw(random);
            stall = now.stallBody() > 0 && random.nextDouble() < now.stallBody();
        }
        if (stall) {
            STALL_MS.set(now.stallBodyMs());
        }
        if (now.latencyMs() > 0) {
            try {
                Thread.sleep(now.latencyMs()); // the simulated venue's latency, on the simulator's own thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (fault == Faults.Kind.SERVER_ERROR) {
            return new Placement(Outcome.SERVER_ERROR, null, null);
        }
        if (fault == Faults.Kind.TOO_MANY_REQUESTS) {
            return new Placement(Outcome.TOO_MANY_REQUESTS, null, null);
        }
        boolean spot = spotVenues.contains(s.venue);
        if (fault == Faults.Kind.REJECT) {
            return new Placement(Outcome.REFUSED, null, Refusal.INSUFFICIENT_FUNDS);
        }
        synchronized (s) {
            SimState.SimOrder previous = cid == null ? null : s.orders.get(cid);
            if (previous != null) {
                Reuse reuse = reuse(s.venue, previous);
                if (reuse != Reuse.ACCEPT) {
                    s.duplicates++;
                    return reuse == Reuse.EXISTING ? new Placement(Outcome.EXISTING, previous, null)
                            : new Placement(Outcome.REFUSED, null, Refusal.DUPLICATE_CLIENT_ID);
                }
            }
            if (spot && side == Side.SELL && s.positions.getOrDefault(symbol, BigDecimal.ZERO).compareTo(quantity) < 0) {
                return new Placement(Outcome.REFUSED, null, Refusal.INSUFFICIENT_FUNDS);
            }
            Instant at = Instant.now();
            SimState.SimOrder order = new SimState.SimOrder(cid == null ? orderIds.get() : cid, orderIds.get(), symbol, side, quantity, limit, at);
            s.orders.put(order.clientOrderId, order);
            s.all.add(order);
            s.placements.merge(order.clientOrderId, 1, Integer::sum);
            BookSnapshot book = s.books.get(symbol);
            BigDecimal cap = fault == Faults.Kind.PARTIAL_FILL
                    ? quantity.multiply(new BigDecimal("0.4")).setScale(4, RoundingMode.DOWN) : quantity;
            List<SimBook.Take> takes = book == null ? List.of() : SimBook.match(book, side, quantity, limit, cap);
            s.execute(order, takes, at, tradeIds, o -> feeInBase(s.venue, o.side, quoteFeeAsked));
            boolean full = order.filled.compareTo(quantity) >= 0;
            order.status = spot ? (full ? "closed" : order.filled.signum() > 0 ? "closed" : "canceled") : full ? "filled" : "cancelled";
            if (!full) {
                order.reason = book == null ? "no book for " + symbol : "IOC: not executable within the limit price";
            }
            return new Placement(fault == Faults.Kind.LOST_RESPONSE ? Outcome.LOST
                    : fault == Faults.Kind.ACCEPTED_THEN_ERROR ? Outcome.ACCEPTED_THEN_ERROR : Outcome.ACCEPTED, order, null);
        }
    }

    static Map<String, String> form(String encoded) {
        Map<String, String> out = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    static BigDecimal decimal(String s) {
        try {
            return s == null || s.length() > 40 ? null : new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        return bytes.length > MAX_BODY ? null : bytes;
    }

    static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        long stall = STALL_MS.get();
        if (stall > 0) {
            // Faults.stallBody: the headers are out, the body comes later (a client's read timeout must cover it)
            ex.getResponseBody().flush();
            try {
                Thread.sleep(stall);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
