package tech.tradeos.execution.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.json.Json;

/**
 * The small HTTP layer every service serves its ops endpoints with (the router's and the sink's): routes
 * by method and path (exact, or a prefix whose rest is the key), JSON replies, a bounded request body,
 * errors mapped to status codes without internal exception text, who may call ({@link OpsAccess}), and one
 * request log line each. Built on
 * the JDK's HTTP server: the endpoints are few, small and internal, and a framework would add a servlet
 * stack to a jar whose only other server is none.
 */
public final class OpsHttp implements AutoCloseable {
    static {
        // the JDK server writes headers and body apart: without TCP_NODELAY an answer can wait out the client's
        // delayed ACK (~40 ms on Linux). Read once, when the server classes load.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // a client that sends its request (headers and body) slower than this is cut off, and one that does not read
        // the answer within maxRspTime: a few slow callers cannot hold the worker threads the health checks need
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "10"); // MAX_REQUEST_SECONDS
        }
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
            System.setProperty("sun.net.httpserver.maxRspTime", "30");
        }
        if (System.getProperty("sun.net.httpserver.maxReqHeaders") == null) {
            System.setProperty("sun.net.httpserver.maxReqHeaders", "100");
        }
    }

    /** The seconds a client has to send its whole request before the connection is closed. */
    public static final long MAX_REQUEST_SECONDS = 10;
    /** The fewest worker threads a server gets, whatever its caller asks: a handful of slow clients must not starve it. */
    static final int MIN_THREADS = 8;
    /** Every instruction and every refused state-changing request: who (the token's role), what, from where, when, why. */
    private static final Logger AUDIT = LoggerFactory.getLogger("tech.tradeos.execution.audit");
    /** What every answer carries: no content sniffing, no framing, nothing loaded or run from anywhere. */
    public static final String DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static final Logger LOG = LoggerFactory.getLogger(OpsHttp.class);
    /** The largest request body accepted (an intent for {@code POST /quote} is well under 1 KiB). */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** A request: its method, decoded path, the path's rest after a prefix route, query, body and headers. */
    public record Request(String method, String path, String rest, String query, byte[] body, HttpExchange exchange) {
        public Optional<String> header(String name) {
            return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
        }

        /** Where the request came from: the peer's address (and a proxy's X-Forwarded-For, when one set it). */
        public String from() {
            return OpsHttp.from(exchange);
        }

        /** The query parameter {@code name}, if present. */
        public Optional<String> param(String name) {
            if (query == null) {
                return Optional.empty();
            }
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals(name)) {
                    return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return Optional.empty();
        }
    }

    /** A reply: status, content type, body and extra headers. */
    public record Reply(int status, String contentType, String body, Map<String, String> headers) {
        public static Reply json(int status, Object value) {
            return new Reply(status, "application/json", value instanceof String s ? s : Json.text(value), Map.of());
        }

        public static Reply error(int status, String message) {
            return json(status, Map.of("error", message));
        }

        public static Reply text(int status, String contentType, String body) {
            return new Reply(status, contentType, body, Map.of());
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> next = new LinkedHashMap<>(headers);
            next.put(name, value);
            return new Reply(status, contentType, body, next);
        }
    }

    @FunctionalInterface
    public interface Handler {
        Reply handle(Request request) throws Exception;
    }

    private record Route(String method, String path, boolean prefix, Handler handler, OpsAccess.Level level) {
    }

    private final String service;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes = new ArrayList<>();
    private Function<Exception, Reply> errors = e -> null;
    private OpsAccess access = OpsAccess.local();
    /** Paths answered without the token: the orchestrator's probe and the dashboard page (which holds no data). */
    private static final java.util.Set<String> PUBLIC_PATHS = java.util.Set.of("/health", "/health/live", "/health/ready", "/");

    /** A server of {@code service} on {@code bind}:{@code port} (0: any free port), with {@code threads} worker threads. */
    public OpsHttp(String service, String bind, int port, int threads) throws IOException {
        this.service = service;
        this.server = HttpServer.create(new InetSocketAddress(bind, port), 64);
        this.executor = Executors.newFixedThreadPool(Math.max(threads, MIN_THREADS), r -> {
            Thread t = new Thread(r, service + "-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
    }

    public OpsHttp get(String path, Handler handler) {
        return route("GET", path, handler);
    }

    /** A POST that instructs (changes something): it needs the admin token when one is set, and is audited. */
    public OpsHttp post(String path, Handler handler) {
        return route("POST", path, handler);
    }

    /** A POST that changes nothing (a what-if): read access suffices; it is still JSON-only and same-origin-only. */
    public OpsHttp postRead(String path, Handler handler) {
        return route("POST", path, handler, OpsAccess.Level.READ);
    }

    /** {@code path} ending in {@code /} matches every path under it; {@link Request#rest} is what follows. */
    public OpsHttp route(String method, String path, Handler handler) {
        return route(method, path, handler, stateChanging(method) ? OpsAccess.Level.INSTRUCT : OpsAccess.Level.READ);
    }

    private static boolean stateChanging(String method) {
        return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
    }

    private OpsHttp route(String method, String path, Handler handler, OpsAccess.Level level) {
        routes.add(new Route(method, path, path.endsWith("/") && path.length() > 1, handler, level));
        routes.sort(Comparator.comparingInt((Route r) -> r.path().length()).reversed());
        return this;
    }

    /** Maps a service's own exceptions to replies (null: not one of its own, answered 500). */
    public OpsHttp errors(Function<Exception, Reply> mapping) {
        this.errors = mapping;
        return this;
    }

    /** Who may call: the token, the Host check and the dashboard origins ({@link OpsAccess}). */
    public OpsHttp access(OpsAccess access) {
        this.access = access;
        return this;
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void dispatch(HttpExchange ex) throws IOException {
        long start = System.nanoTime();
        Reply reply;
        try {
            reply = answer(ex);
        } catch (Exception e) {
            reply = errors.apply(e);
            if (reply == null) {
                LOG.warn("{} {} {} failed", service, ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
                reply = Reply.error(500, "internal error; the " + service + "'s log has the details");
            }
        }
        send(ex, reply);
        if (stateChanging(ex.getRequestMethod())) {
            // the answer's error says why a refused one was refused; an accepted one's handler audits what it did
            AUDIT.info("{} {} {} from {} -> {}{}", service, ex.getRequestMethod(), ex.getRequestURI().getPath(), from(ex),
                    reply.status(), reply.status() >= 400 ? " refused: " + reply.body() : "");
        }
        LOG.debug("{} {} {} -> {} in {} ms", service, ex.getRequestMethod(), ex.getRequestURI().getPath(), reply.status(),
                (System.nanoTime() - start) / 1_000_000);
    }

    private Reply answer(HttpExchange ex) throws Exception {
        String path = ex.getRequestURI().getPath();
        if (!access.hostAllowed(Optional.ofNullable(ex.getRequestHeaders().getFirst("Host")))) {
            return Reply.error(403, "this service answers only requests addressed to a loopback host");
        }
        Optional<String> origin = access.allowedOrigin(Optional.ofNullable(ex.getRequestHeaders().getFirst("Origin")));
        if (origin.isPresent()) {
            ex.getResponseHeaders().set("Access-Control-Allow-Origin", origin.get());
            ex.getResponseHeaders().set("Vary", "Origin");
            if (ex.getRequestMethod().equals("OPTIONS")) {
                ex.getResponseHeaders().set("Access-Control-Allow-Methods", "GET, POST");
                ex.getResponseHeaders().set("Access-Control-Allow-Headers", "Authorization, Content-Type");
                return new Reply(204, "text/plain", "", Map.of());
            }
        }
        if (stateChanging(ex.getRequestMethod())) {
            // what a web page of another site can send without a preflight (a "simple" request) never changes anything
            if (!access.originMayInstruct(Optional.ofNullable(ex.getRequestHeaders().getFirst("Origin")),
                    Optional.ofNullable(ex.getRequestHeaders().getFirst("Host")))) {
                return Reply.error(403, "a state-changing request from another origin is refused");
            }
            if (!OpsAccess.isJson(Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type")))) {
                return Reply.error(403, "a state-changing request must be Content-Type: application/json");
            }
        }
        Optional<String> authorization = Optional.ofNullable(ex.getRequestHeaders().getFirst("Authorization"));
        if (!PUBLIC_PATHS.contains(path) && !access.authorized(authorization, OpsAccess.Level.READ)) {
            return Reply.error(401, "this endpoint needs the ops token: Authorization: Bearer <http.token>")
                    .withHeader("WWW-Authenticate", "Bearer");
        }
        boolean pathKnown = false;
        for (Route route : routes) {
            boolean matches = route.prefix() ? path.startsWith(route.path()) && path.length() > route.path().length()
                    : path.equals(route.path());
            if (!matches) {
                continue;
            }
            pathKnown = true;
            if (!route.method().equals(ex.getRequestMethod())) {
                continue;
            }
            if (route.level() == OpsAccess.Level.INSTRUCT && !access.authorized(authorization, OpsAccess.Level.INSTRUCT)) {
                return Reply.error(403, "an instruction needs the admin token: Authorization: Bearer <http.admin-token>");
            }
            byte[] body = readBody(ex);
            if (body == null) {
                return Reply.error(413, "request body over " + MAX_BODY_BYTES + " bytes");
            }
            String rest = route.prefix() ? URLDecoder.decode(path.substring(route.path().length()), StandardCharsets.UTF_8) : "";
            return route.handler().handle(new Request(ex.getRequestMethod(), path, rest, ex.getRequestURI().getRawQuery(), body, ex));
        }
        return pathKnown ? Reply.error(405, ex.getRequestMethod() + " is not allowed on " + path)
                : Reply.error(404, "no such endpoint: " + path);
    }

    /** The body, or null when it is larger than {@link #MAX_BODY_BYTES}. */
    private static byte[] readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }
    }

    private void send(HttpExchange ex, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", reply.contentType());
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Content-Security-Policy", DEFAULT_CSP);
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        if (reply.status() == 503 && !reply.headers().containsKey("Retry-After")) {
            ex.getResponseHeaders().set("Retry-After", "1");
        }
        ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The peer's address, and the X-Forwarded-For a proxy in front may have set (as told, not trusted). */
    static String from(HttpExchange ex) {
        InetSocketAddress peer = ex.getRemoteAddress();
        String address = peer == null ? "unknown" : peer.getAddress().getHostAddress() + ":" + peer.getPort();
        String forwardedFor = ex.getRequestHeaders().getFirst("X-Forwarded-For");
        return forwardedFor == null ? address : address + " (for " + forwardedFor.replaceAll("[^0-9A-Za-z.:, \\[\\]-]", "?") + ")";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
