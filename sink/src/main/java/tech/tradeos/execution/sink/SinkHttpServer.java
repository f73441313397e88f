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
 * (through the trade path's reader: Redis, then PostgreSQL; says which answered), {@code GET /tca}, {@code GET /metrics}.
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
                    return Reply.json(Boolean.TRUE.equals(health.get("running")) && database && !stuck ? 200 : 503, health);
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
                .get("/tca", r -> Reply.json(200, sink.tca().refresh()))
                .get("/metrics", r -> Reply.text(200, "text/plain; version=0.0.4", sink.registry().scrape()))
                .errors(e -> e instanceof JdbiException ? Reply.error(503, "the ledger's PostgreSQL does not answer") : null)
                // the router's dashboard, served from another port, reads positions and TCA from here (CORS)
                .access(OpsAccess.from(config.http(), config.http().port()));
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
