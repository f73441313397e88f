package tech.tradeos.execution.topology.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import tech.tradeos.execution.model.control.ControlCommand;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.topology.control.ControlDesk;
import tech.tradeos.execution.model.topic.StableOffsetWatch;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.position.PositionLedger;
import tech.tradeos.execution.model.routing.Quotes;
import tech.tradeos.execution.ops.OpsAccess;
import tech.tradeos.execution.ops.OpsHttp.Reply;
import tech.tradeos.execution.ops.OpsHttp;
import tech.tradeos.execution.topology.state.MarketState;
import tech.tradeos.execution.topology.state.RoutingRecord;

/**
 * The ops HTTP of a router instance (the README). Any instance answers for any key: when the state lives
 * on another instance the request is forwarded there once (a forwarded request is answered locally or
 * not at all). While a key has no owner (rebalancing) the answer is 503 with Retry-After.
 * <ul>
 *   <li>{@code GET /health} — the Kafka Streams state and any partition stuck behind a hanging transaction; 200 when it can serve, 503 otherwise</li>
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
    private static final String DASHBOARD = loadDashboard();
    private static final String DASHBOARD_SCRIPTS = inlineHashes(DASHBOARD, "script");
    private static final String DASHBOARD_STYLES = inlineHashes(DASHBOARD, "style");
    private static final Logger AUDIT = LoggerFactory.getLogger("tech.tradeos.execution.audit");

    private final TradeosConfig config;
    private final KafkaStreams streams;
    private final InteractiveQueries queries;
    private final PositionLedger ledger;
    private final Clock clock;
    private final OpsHttp http;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final java.util.function.Supplier<java.util.List<StableOffsetWatch.StuckPartition>> stuck;
    private final ControlDesk control;

    public OpsHttpServer(TradeosConfig config, KafkaStreams streams, InteractiveQueries queries,
                         PrometheusMeterRegistry registry, RecentDecisions recent, PositionLedger ledger, Clock clock,
                         java.util.function.Supplier<java.util.List<StableOffsetWatch.StuckPartition>> stuck,
                         ControlDesk control)
            throws IOException {
        this.config = config;
        this.control = control;
        this.stuck = stuck;
        this.streams = streams;
        this.queries = queries;
        this.ledger = ledger;
        this.clock = clock;
        this.http = new OpsHttp("router", config.http().bind(), config.http().port(), 4)
                .get("/health/live", r -> live())
                .get("/health/ready", r -> ready())
                .get("/health", r -> health())
                .get("/held/", this::heldOf)
                .get("/held", this::held)
                .get("/positions/", this::positionsOf)
                .get("/dashboard/stats", r -> Reply.json(200, stats(registry)))
                .get("/market/", this::market)
                .get("/decisions/", this::decision)
                .get("/decisions", r -> decisions(r, recent))
                .postRead("/quote", this::quote)
                .get("/metrics", r -> Reply.text(200, "text/plain; version=0.0.4", registry.scrape()))
                .get("/control", r -> Reply.json(200, control.view()))
                .post("/control", this::instruct)
                .get("/dashboard/config", r -> Reply.json(200, dashboardConfig()))
                .get("/", r -> Reply.text(200, "text/html; charset=utf-8", DASHBOARD)
                        .withHeader("Content-Security-Policy", dashboardPolicy()))
                .errors(e -> e instanceof InvalidStateStoreException ? unavailable() : null)
                .access(OpsAccess.from(config.http(), config.http().port()));
    }

    /**
     * {@code POST /control}: an instruction for every instance, written to the control topic ({@code at} defaults
     * to now). Read strictly (an unknown field is 400), checked against the config (an unknown venue or
     * instrument is 400), audited with who, why, when and from where, accepted or not.
     */
    private Reply instruct(OpsHttp.Request r) throws Exception {
        ControlCommand command;
        try {
            JsonNode tree = Json.MAPPER.readTree(r.body());
            if (!(tree instanceof com.fasterxml.jackson.databind.node.ObjectNode body)) {
                throw new IllegalArgumentException("the body must be a JSON object");
            }
            if (!body.hasNonNull("at")) {
                body.put("at", clock.instant().toString());
            }
            command = ControlCommand.read(body);
        } catch (IOException | RuntimeException invalid) {
            String reason = "not a control instruction: " + Json.describe(invalid);
            AUDIT.warn("control instruction refused from {}: {}", r.from(), reason);
            return Reply.error(400, reason);
        }
        java.util.Optional<String> problem = command.problemWith(config);
        if (problem.isPresent()) {
            AUDIT.warn("control instruction refused from {}: {}: {}", r.from(), command.describe(), problem.get());
            return Reply.error(400, problem.get());
        }
        control.publish(command);
        AUDIT.info("control instruction accepted from {}: {}", r.from(), command.describe());
        return Reply.json(202, command);
    }

    /**
     * The dashboard's CSP: its own inline script and style (by hash) and nothing else inline; it talks to this
     * router and the sink only; no frames, forms, plugins or base changes.
     */
    private String dashboardPolicy() {
        String sink = String.valueOf(dashboardConfig().get("sinkUrl"));
        java.net.URI uri = java.net.URI.create(sink);
        String sinkOrigin = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        return "default-src 'none'; script-src " + DASHBOARD_SCRIPTS + "; style-src " + DASHBOARD_STYLES
                + "; connect-src 'self' " + sinkOrigin + "; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    /** The CSP source list of the page's inline {@code <tag>} blocks: one {@code 'sha256-…'} each. */
    static String inlineHashes(String html, String tag) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<" + tag + ">(.*?)</" + tag + ">", java.util.regex.Pattern.DOTALL)
                .matcher(html);
        java.util.List<String> hashes = new java.util.ArrayList<>();
        while (m.find()) {
            try {
                byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(m.group(1).getBytes(StandardCharsets.UTF_8));
                hashes.add("'sha256-" + java.util.Base64.getEncoder().encodeToString(digest) + "'");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return hashes.isEmpty() ? "'none'" : String.join(" ", hashes);
    }

    private static String loadDashboard() {
        try (var in = OpsHttpServer.class.getResourceAsStream("/dashboard.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("dashboard.html is missing from the jar", e);
        }
    }

    private Map<String, Object> dashboardConfig() {
        return Map.of(
                "sinkUrl", config.sink().publicUrl().isBlank()
                        ? "http://" + queries.self().host() + ":" + config.sink().httpPort() : config.sink().publicUrl(),
                "instruments", config.venues().values().stream().flatMap(v -> v.symbols().keySet().stream()).distinct().sorted().toList(),
                "stalenessMs", config.routing().stalenessMs(), "region", config.region().name(), "mode", config.mode().name());
    }

    private static int limit(OpsHttp.Request r) {
        try {
            return Math.max(1, Math.min(100, Integer.parseInt(r.param("limit").orElse("25"))));
        } catch (NumberFormatException ignored) {
            return 25;
        }
    }

    public void start() {
        http.start();
        LOG.info("ops HTTP listening on http://{}:{}", config.http().bind(), http.port());
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
    }

    private Reply health() {
        KafkaStreams.State state = streams.state();
        java.util.List<StableOffsetWatch.StuckPartition> stuckNow = stuck.get();
        boolean serving = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        int active = 0;
        int standby = 0;
        if (serving) {
            for (var thread : streams.metadataForLocalThreads()) {
                active += thread.activeTasks().size();
                standby += thread.standbyTasks().size();
            }
        }
        // a partition stuck behind a hanging transaction stops this instance while its threads look fine
        return Reply.json(serving && stuckNow.isEmpty() ? 200 : 503, Map.of("state", state.name(),
                "instance", hostString(queries.self()),
                "applicationId", config.kafka().applicationId(), "mode", config.mode().name(),
                "region", config.region().name(), "activeTasks", active, "standbyTasks", standby,
                "ledgerReachable", ledger.reachable(), "stuckPartitions", stuckNow));
    }

    /** Liveness: the process and its Kafka Streams client are alive (an orchestrator restarts it otherwise). */
    private Reply live() {
        KafkaStreams.State state = streams.state();
        boolean alive = state != KafkaStreams.State.ERROR && state != KafkaStreams.State.NOT_RUNNING
                && state != KafkaStreams.State.PENDING_ERROR;
        return Reply.json(alive ? 200 : 503, Map.of("state", state.name()));
    }

    /** Readiness: RUNNING (not rebalancing) and no partition stuck behind a hanging transaction. */
    private Reply ready() {
        KafkaStreams.State state = streams.state();
        boolean ready = state == KafkaStreams.State.RUNNING && stuck.get().isEmpty();
        return Reply.json(ready ? 200 : 503, Map.of("state", state.name(), "stuckPartitions", stuck.get()));
    }

    /** {@code GET /held/{instrument}}: why and since when its intents wait, from the instance that owns it. */
    private Reply heldOf(OpsHttp.Request r) throws IOException, InterruptedException {
        String instrument = r.rest();
        Optional<HostInfo> owner = queries.ownerOf(instrument);
        if (owner.isEmpty()) {
            return unavailable();
        }
        return owner.get().equals(queries.self()) ? Reply.json(200, queries.localHeld(instrument)) : forward(r, owner.get());
    }

    /** {@code GET /held}: every held intent, this instance's and every other's. */
    private Reply held(OpsHttp.Request r) throws IOException, InterruptedException {
        java.util.List<Object> all = new java.util.ArrayList<>(queries.localHeld(null));
        if (r.header(FORWARDED).isEmpty()) {
            for (HostInfo host : queries.otherHosts()) {
                Reply remote = forward(r, host);
                if (remote.status() == 200) {
                    Json.tree(remote.body()).forEach(all::add);
                }
            }
        }
        return Reply.json(200, all);
    }

    /** {@code GET /positions/{instrument}}: the router's own position record, from the instance that owns it. */
    private Reply positionsOf(OpsHttp.Request r) throws IOException, InterruptedException {
        String instrument = r.rest();
        Optional<HostInfo> owner = queries.ownerOf(instrument);
        if (owner.isEmpty()) {
            return unavailable();
        }
        if (!owner.get().equals(queries.self())) {
            return forward(r, owner.get());
        }
        return queries.localPositions(instrument).map(p -> Reply.json(200, p))
                .orElseGet(() -> Reply.error(404, "no position record for " + instrument + " (not traded since the router started it)"));
    }

    /** {@code GET /decisions}: the latest decisions of every instance, newest first. */
    private Reply decisions(OpsHttp.Request r, RecentDecisions recent) throws IOException, InterruptedException {
        int limit = limit(r);
        java.util.List<JsonNode> all = new java.util.ArrayList<>();
        recent.latest(limit).forEach(d -> all.add(Json.MAPPER.valueToTree(d)));
        if (r.header(FORWARDED).isEmpty()) {
            for (HostInfo host : queries.otherHosts()) {
                Reply remote = forward(r, host);
                if (remote.status() == 200) {
                    Json.tree(remote.body()).forEach(all::add);
                }
            }
        }
        all.sort(java.util.Comparator.comparing(OpsHttpServer::decidedAt).reversed());
        return Reply.json(200, all.subList(0, Math.min(limit, all.size())));
    }

    private static String decidedAt(JsonNode d) {
        return d.hasNonNull("order") ? d.get("order").path("routedAt").asText("") : d.path("rejection").path("rejectedAt").asText("");
    }

    /** DLQ records by source topic and rejections by reason, from this instance's counters, for the dashboard. */
    private static Map<String, Object> stats(PrometheusMeterRegistry registry) {
        Map<String, Double> dlq = new java.util.TreeMap<>();
        registry.find("tradeos.dlq.records").counters().forEach(c -> dlq.merge(c.getId().getTag("topic"), c.count(), Double::sum));
        Map<String, Double> rejections = new java.util.TreeMap<>();
        registry.find("tradeos.intents.rejected").counters().forEach(c -> rejections.merge(c.getId().getTag("reason"), c.count(), Double::sum));
        return Map.of("dlqBySource", dlq, "rejectionsByReason", rejections);
    }

    private Reply market(OpsHttp.Request r) throws IOException, InterruptedException {
        String instrument = r.rest();
        Optional<HostInfo> owner = queries.ownerOf(instrument);
        if (owner.isEmpty()) {
            return unavailable();
        }
        if (!owner.get().equals(queries.self())) {
            return forward(r, owner.get());
        }
        return queries.localMarket(instrument)
                .map(m -> Reply.json(200, MarketView.of(m, hostString(queries.self()), clock.instant(), config.routing().stalenessMs())))
                .orElseGet(() -> Reply.error(404, "no market data for " + instrument));
    }

    private Reply decision(OpsHttp.Request r) throws IOException, InterruptedException {
        String intentId = r.rest();
        Optional<RoutingRecord> local = queries.localDecision(intentId);
        if (local.isPresent()) {
            return Reply.json(200, local.get());
        }
        if (r.header(FORWARDED).isEmpty()) {
            for (HostInfo host : queries.otherHosts()) {
                Reply remote = forward(r, host);
                if (remote.status() == 200) {
                    return remote;
                }
            }
        }
        return Reply.error(404, "no decision for intent " + intentId);
    }

    /** A what-if route of the intent in the body against the live market, answered like the topology would. */
    private Reply quote(OpsHttp.Request r) throws IOException, InterruptedException {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(r.body());
        } catch (IOException malformed) {
            return Reply.error(400, Json.describe(malformed));
        }
        Quotes.Read read;
        try {
            read = Quotes.read(node, clock.instant());
        } catch (IllegalArgumentException notAnObject) {
            return Reply.error(400, notAnObject.getMessage());
        }
        if (read instanceof Quotes.Invalid invalid) {
            return Reply.json(200, invalid.rejection());
        }
        ApprovedIntent intent = ((Quotes.Valid) read).intent();
        Optional<HostInfo> owner = queries.ownerOf(intent.instrument());
        if (owner.isEmpty()) {
            return unavailable();
        }
        if (!owner.get().equals(queries.self())) {
            return forward(r, owner.get());
        }
        MarketState state = queries.localMarket(intent.instrument()).orElseGet(() -> MarketState.empty(intent.instrument()));
        return Reply.json(200, Quotes.message(control.board().router().route(intent, state.toMarket(), null), node, clock.instant()));
    }

    /** The same request, answered by the instance that owns the state; a forwarded request is never forwarded again. */
    private Reply forward(OpsHttp.Request r, HostInfo host) throws IOException, InterruptedException {
        if (r.header(FORWARDED).isPresent()) {
            return unavailable(); // metadata moved under us: let the caller retry instead of bouncing
        }
        if (!forwardAllowed(host)) {
            // the caller's token goes only to instances the operator named: Streams metadata is what a member advertises
            LOG.warn("not forwarding {} to {}: not in http.forward-hosts", r.path(), hostString(host));
            return Reply.error(502, "the instance that holds this state (" + hostString(host) + ") is not in http.forward-hosts");
        }
        URI uri = URI.create("http://" + hostString(host) + r.exchange().getRequestURI());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).header(FORWARDED, hostString(queries.self()));
        Optional<String> authorization = r.header("Authorization"); // every instance shares the token
        if (authorization.isPresent()) {
            request.header("Authorization", authorization.get());
        }
        if (r.header("Content-Type").isPresent()) {
            request.header("Content-Type", r.header("Content-Type").get());
        }
        request = r.method().equals("POST") ? request.POST(HttpRequest.BodyPublishers.ofByteArray(r.body())) : request.GET();
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return Reply.text(response.statusCode(), response.headers().firstValue("Content-Type").orElse("application/json"), response.body());
        } catch (IOException unreachable) {
            LOG.warn("instance {} did not answer {}: {}", hostString(host), r.path(), unreachable.toString());
            return unavailable();
        }
    }

    /**
     * Whether a request (and the caller's token) may be forwarded to {@code host}: it is a member of this
     * application (it comes from this application's Streams metadata) and its address is one the operator allowed
     * ({@code http.forward-hosts}, host or host:port; by default loopback names and {@code http.advertised-host}).
     */
    boolean forwardAllowed(HostInfo host) {
        java.util.List<String> allowed = config.http().forwardHosts();
        if (allowed.isEmpty()) {
            return java.util.List.of("127.0.0.1", "localhost", "::1").contains(host.host())
                    || host.host().equals(config.http().advertisedHost());
        }
        return allowed.contains(host.host()) || allowed.contains(hostString(host));
    }

    private static Reply unavailable() {
        return Reply.error(503, "state is moving between instances (rebalancing); retry shortly");
    }

    private static String hostString(HostInfo host) {
        return host.host() + ":" + host.port();
    }
}
