package tech.tradeos.execution.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.RejectReason;
import tech.tradeos.execution.model.Rejection;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.position.PositionLedger;
import tech.tradeos.execution.model.routing.RoutingOutcome;
import tech.tradeos.execution.model.routing.SmartOrderRouter;

/**
 * The ops HTTP of a router instance (SPEC §9). Any instance answers for any key: when the state lives
 * on another instance the request is forwarded there once (a forwarded request is answered locally or
 * not at all). While a key has no owner (rebalancing) the answer is 503 with Retry-After.
 * <ul>
 *   <li>{@code GET /health} — the Kafka Streams state; 200 when it can serve, 503 otherwise</li>
 *   <li>{@code GET /market/{instrument}} — books (top, age, stale flag, ATR) and funding per venue</li>
 *   <li>{@code GET /decisions/{intentId}} — the routed order (with candidates) or rejection, and the paper fill</li>
 *   <li>{@code POST /quote} — a what-if route of the intent in the body against the live market; changes nothing</li>
 *   <li>{@code GET /metrics} — Prometheus: Kafka Streams metrics and the router's counters</li>
 *   <li>{@code GET /decisions?limit=n} — this instance's latest decisions, newest first</li>
 *   <li>{@code GET /} — the dashboard (it reads the endpoints above and the sink's {@code /positions} and {@code /tca})</li>
 * </ul>
 */
public final class OpsHttpServer implements AutoCloseable {
    static final String FORWARDED = "X-Tradeos-Forwarded";
    private static final Logger LOG = LoggerFactory.getLogger(OpsHttpServer.class);

    private final TradeosConfig config;
    private final KafkaStreams streams;
    private final InteractiveQueries queries;
    private final PrometheusMeterRegistry registry;
    private final SmartOrderRouter router;
    private final RecentDecisions recent;
    private final PositionLedger ledger;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public OpsHttpServer(TradeosConfig config, KafkaStreams streams, InteractiveQueries queries,
                         PrometheusMeterRegistry registry, RecentDecisions recent, PositionLedger ledger, Clock clock)
            throws IOException {
        this.ledger = ledger;
        this.config = config;
        this.streams = streams;
        this.queries = queries;
        this.registry = registry;
        this.router = new SmartOrderRouter(config);
        this.recent = recent;
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(config.http().bind(), config.http().port()), 64);
        server.setExecutor(executor);
        server.createContext("/health", ex -> handle(ex, this::health));
        server.createContext("/market/", ex -> handle(ex, () -> market(ex)));
        server.createContext("/decisions/", ex -> handle(ex, () -> decision(ex)));
        server.createContext("/decisions", ex -> handle(ex, () -> Reply.json(200, recent.latest(limit(ex)))));
        server.createContext("/dashboard/config", ex -> handle(ex, () -> Reply.json(200, Map.of(
                "sinkUrl", config.sink().publicUrl().isBlank()
                        ? "http://" + queries.self().host() + ":" + config.sink().httpPort() : config.sink().publicUrl(),
                "instruments", config.venues().values().stream().flatMap(v -> v.symbols().keySet().stream()).distinct().sorted().toList(),
                "stalenessMs", config.routing().stalenessMs(), "region", config.region().name(), "mode", config.mode().name()))));
        server.createContext("/", ex -> handle(ex, () -> ex.getRequestURI().getPath().equals("/")
                ? new Reply(200, "text/html; charset=utf-8", DASHBOARD)
                : Reply.error(404, "no such endpoint: " + ex.getRequestURI().getPath())));
        server.createContext("/quote", ex -> handle(ex, () -> quote(ex)));
        server.createContext("/metrics", ex -> handle(ex, () -> new Reply(200, "text/plain; version=0.0.4", registry.scrape())));
    }

    private static final String DASHBOARD = loadDashboard();

    private static String loadDashboard() {
        try (var in = OpsHttpServer.class.getResourceAsStream("/dashboard.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("dashboard.html is missing from the jar", e);
        }
    }

    private static int limit(HttpExchange ex) {
        String q = ex.getRequestURI().getQuery();
        if (q != null && q.startsWith("limit=")) {
            try {
                return Math.max(1, Math.min(100, Integer.parseInt(q.substring(6))));
            } catch (NumberFormatException ignored) {
                // default below
            }
        }
        return 25;
    }

    public void start() {
        server.start();
        LOG.info("ops HTTP listening on http://{}:{}", config.http().bind(), server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    record Reply(int status, String contentType, String body) {
        static Reply json(int status, Object value) {
            return new Reply(status, "application/json", value instanceof String s ? s : Json.text(value));
        }

        static Reply error(int status, String message) {
            return json(status, Map.of("error", message));
        }
    }

    private Reply health() {
        KafkaStreams.State state = streams.state();
        boolean serving = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        int active = 0;
        int standby = 0;
        if (serving) {
            for (var thread : streams.metadataForLocalThreads()) {
                active += thread.activeTasks().size();
                standby += thread.standbyTasks().size();
            }
        }
        return Reply.json(serving ? 200 : 503, Map.of("state", state.name(), "instance", hostString(queries.self()),
                "applicationId", config.kafka().applicationId(), "mode", config.mode().name(),
                "region", config.region().name(), "activeTasks", active, "standbyTasks", standby,
                "ledgerReachable", ledger.reachable()));
    }

    private Reply market(HttpExchange ex) throws IOException, InterruptedException {
        String instrument = lastSegment(ex, "/market/");
        Optional<HostInfo> owner = queries.ownerOf(instrument);
        if (owner.isEmpty()) {
            return unavailable();
        }
        if (!owner.get().equals(queries.self())) {
            return forward(ex, owner.get(), null);
        }
        return queries.localMarket(instrument)
                .map(m -> Reply.json(200, MarketView.of(m, hostString(queries.self()), clock.instant(), config.routing().stalenessMs())))
                .orElseGet(() -> Reply.error(404, "no market data for " + instrument));
    }

    private Reply decision(HttpExchange ex) throws IOException, InterruptedException {
        String intentId = lastSegment(ex, "/decisions/");
        Optional<RoutingRecord> local = queries.localDecision(intentId);
        if (local.isPresent()) {
            return Reply.json(200, local.get());
        }
        if (ex.getRequestHeaders().getFirst(FORWARDED) == null) {
            for (HostInfo host : queries.otherHosts()) {
                Reply remote = forward(ex, host, null);
                if (remote.status() == 200) {
                    return remote;
                }
            }
        }
        return Reply.error(404, "no decision for intent " + intentId);
    }

    private Reply quote(HttpExchange ex) throws IOException, InterruptedException {
        if (!"POST".equals(ex.getRequestMethod())) {
            return Reply.error(405, "POST an ApprovedIntent JSON body");
        }
        byte[] body = ex.getRequestBody().readAllBytes();
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (IOException malformed) {
            return Reply.error(400, Json.describe(malformed));
        }
        ApprovedIntent intent;
        try {
            intent = Json.convert(node, ApprovedIntent.class);
        } catch (IOException | IllegalArgumentException invalid) {
            return Reply.json(200, Rejection.of(node, RejectReason.INVALID_INTENT, Json.describe(invalid), clock.instant()));
        }
        Optional<HostInfo> owner = queries.ownerOf(intent.instrument());
        if (owner.isEmpty()) {
            return unavailable();
        }
        if (!owner.get().equals(queries.self())) {
            return forward(ex, owner.get(), body);
        }
        MarketState state = queries.localMarket(intent.instrument()).orElseGet(() -> MarketState.empty(intent.instrument()));
        RoutingOutcome outcome = router.route(intent, state.toMarket(), null);
        if (outcome instanceof RoutingOutcome.Routed routed) {
            return Reply.json(200, routed.decision().toRoutedOrder(clock.instant()));
        }
        RoutingOutcome.Rejected rejected = (RoutingOutcome.Rejected) outcome;
        return Reply.json(200, Rejection.of(node, rejected.reason(), rejected.detail(), clock.instant()));
    }

    private Reply forward(HttpExchange ex, HostInfo host, byte[] body) throws IOException, InterruptedException {
        if (ex.getRequestHeaders().getFirst(FORWARDED) != null) {
            return unavailable(); // metadata moved under us: let the caller retry instead of bouncing
        }
        URI uri = URI.create("http://" + hostString(host) + ex.getRequestURI());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).header(FORWARDED, hostString(queries.self()));
        request = body == null ? request.GET() : request.POST(HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse("application/json"), response.body());
        } catch (IOException unreachable) {
            LOG.warn("instance {} did not answer {}: {}", hostString(host), ex.getRequestURI(), unreachable.toString());
            return unavailable();
        }
    }

    private static Reply unavailable() {
        return Reply.error(503, "state is moving between instances (rebalancing); retry shortly");
    }

    private void handle(HttpExchange ex, ThrowingSupplier<Reply> handler) throws IOException {
        Reply reply;
        try {
            reply = handler.get();
        } catch (InvalidStateStoreException moving) {
            reply = unavailable();
        } catch (Exception e) {
            LOG.warn("{} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
            reply = Reply.error(500, e.toString());
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", reply.contentType());
        if (reply.status() == 503) {
            ex.getResponseHeaders().set("Retry-After", "1");
        }
        ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String lastSegment(HttpExchange ex, String prefix) {
        String path = ex.getRequestURI().getPath();
        return java.net.URLDecoder.decode(path.substring(prefix.length()), StandardCharsets.UTF_8);
    }

    private static String hostString(HostInfo host) {
        return host.host() + ":" + host.port();
    }

    @FunctionalInterface
    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

}
