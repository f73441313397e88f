package tech.tradeos.execution.sink;

import java.io.IOException;
import java.util.Map;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.ops.OpsAccess;
import tech.tradeos.execution.ops.OpsHttp.Reply;
import tech.tradeos.execution.ops.OpsHttp;

/**
 * The sink's ops HTTP on {@code http.bind}:{@code sink.http-port}:
 * {@code GET /health} ({@code /health/live}: the loop runs; {@code /health/ready}: and PostgreSQL answers), {@code GET /positions} (all, from PostgreSQL), {@code GET /positions/{instrument}/{venue}}
 * (through the trade path's reader: Redis, then PostgreSQL; says which answered), {@code GET /tca[?mode=]} (the current
 * session), {@code GET /tca/equity[?mode=]} (its equity curve), {@code GET /tca/sessions}, {@code POST /tca/sessions}
 * (start one now), {@code GET /metrics}.
 * A PostgreSQL that does not answer is 503.
 */
final class SinkHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkHttpServer.class);
    private final OpsHttp http;

    SinkHttpServer(TradeosConfig config, SinkService sink) throws IOException {
        http = new OpsHttp("sink", config.http().bind(), config.sink().httpPort(), 2)
                .get("/health/live", r -> {
                    Map<String, Object> health = sink.health();
                    return Reply.json(Boolean.TRUE.equals(health.get("running")) ? 200 : 503, health);
                })
                .get("/health/ready", r -> {
                    // recording needs PostgreSQL: not ready while it does not answer, nor behind a hanging transaction
                    Map<String, Object> health = new java.util.LinkedHashMap<>(sink.health());
                    boolean database = sink.database().answers();
                    health.put("databaseReachable", database);
                    boolean stuck = !((java.util.List<?>) health.get("stuckPartitions")).isEmpty();
                    // and not while the ledger refuses every write (a revoked privilege, a missing table, read-only)
                    boolean refusing = !String.valueOf(health.get("systemicFailure")).isEmpty();
                    return Reply.json(Boolean.TRUE.equals(health.get("running")) && database && !stuck && !refusing ? 200 : 503, health);
                })
                .get("/health", r -> {
                    Map<String, Object> health = sink.health();
                    boolean stuck = !((java.util.List<?>) health.get("stuckPartitions")).isEmpty();
                    return Reply.json(Boolean.TRUE.equals(health.get("running")) && !stuck ? 200 : 503, health);
                })
                .get("/positions", r -> Reply.json(200, sink.database().jdbi().withExtension(PositionDao.class, PositionDao::all)))
                .get("/positions/", r -> {
                    String[] key = r.rest().split("/");
                    return key.length == 2 ? Reply.json(200, sink.reader().read(key[0], key[1]))
                            : Reply.error(404, "use /positions/{instrument}/{venue}");
                })
                .get("/tca/equity", r -> Reply.json(200, sink.tca().curve(mode(r, config))))
                .get("/tca/sessions", r -> Reply.json(200, sink.tca().sessions().recent()))
                .post("/tca/sessions", r -> {
                    // a new session from now: {"id": "...", "startingEquity": "..."}, both optional
                    SessionRequest request = r.body().length == 0 ? new SessionRequest(null, null)
                            : tech.tradeos.execution.model.json.Json.read(r.body(), SessionRequest.class);
                    return sink.tca().sessions().start(request.id(), request.startingEquity())
                            .map(session -> {
                                LOG.info("TCA session {} started at {}", session.id(), session.startedAt());
                                return Reply.json(201, session);
                            })
                            .orElseGet(() -> Reply.error(409, "a session with that id exists"));
                })
                .get("/tca", r -> Reply.json(200, sink.tca().refresh(mode(r, config))))
                .get("/metrics", r -> Reply.text(200, "text/plain; version=0.0.4", sink.registry().scrape()))
                .errors(e -> e instanceof JdbiException ? Reply.error(503, "the ledger's PostgreSQL does not answer")
                        : e instanceof IllegalArgumentException || e instanceof java.io.IOException
                        ? Reply.error(400, tech.tradeos.execution.model.json.Json.describe(e)) : null)
                // the router's dashboard, served from another port, reads positions and TCA from here (CORS)
                .access(OpsAccess.from(config.http(), config.http().port()));
    }

    /** {@code POST /tca/sessions}'s body. */
    record SessionRequest(String id, java.math.BigDecimal startingEquity) {
        SessionRequest {
            if (id != null && (id.isBlank() || id.length() > 100 || !id.matches("[A-Za-z0-9._:-]+"))) {
                throw new IllegalArgumentException("id must be 1–100 characters of letters, digits and ._:-");
            }
            // 1e100000 has a precision of 1: the digits left and right of the point are what is bounded
            if (startingEquity != null && (startingEquity.signum() <= 0 || startingEquity.precision() > 38
                    || startingEquity.precision() - startingEquity.scale() > 20 || startingEquity.scale() > 18)) {
                throw new IllegalArgumentException("startingEquity must be a positive decimal");
            }
        }
    }

    /** {@code ?mode=PAPER|LIVE}, else the sink's own mode. */
    private static tech.tradeos.execution.model.Mode mode(OpsHttp.Request r, TradeosConfig config) {
        return r.param("mode").map(m -> {
            try {
                return tech.tradeos.execution.model.Mode.valueOf(m);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("mode must be PAPER or LIVE");
            }
        }).orElse(config.mode());
    }

    int port() {
        return http.port();
    }

    void start() {
        http.start();
        LOG.info("sink ops HTTP on port {}", http.port());
    }

    @Override
    public void close() {
        http.close();
    }
}
