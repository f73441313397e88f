package tech.tradeos.execution.sink;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;

/**
 * The sink's ops HTTP on {@code http.bind}:{@code sink.http-port}:
 * {@code GET /health}, {@code GET /positions} (all, from PostgreSQL), {@code GET /positions/{instrument}/{venue}}
 * (through the trade path's reader: Redis, then PostgreSQL; says which answered), {@code GET /tca}, {@code GET /metrics}.
 */
final class SinkHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkHttpServer.class);
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    SinkHttpServer(TradeosConfig config, SinkService sink) throws IOException {
        server = HttpServer.create(new InetSocketAddress(config.http().bind(), config.sink().httpPort()), 32);
        server.setExecutor(executor);
        server.createContext("/health", ex -> handle(ex, () -> {
            Map<String, Object> health = sink.health();
            return new Reply(Boolean.TRUE.equals(health.get("running")) ? 200 : 503, Json.text(health));
        }));
        server.createContext("/positions", ex -> handle(ex, () -> {
            String[] parts = ex.getRequestURI().getPath().split("/");
            if (parts.length == 4) {
                return new Reply(200, Json.text(sink.reader().read(parts[2], parts[3])));
            }
            return new Reply(200, Json.text(sink.database().jdbi().withExtension(PositionDao.class, PositionDao::all)));
        }));
        server.createContext("/tca", ex -> handle(ex, () -> new Reply(200, Json.text(sink.tca().refresh()))));
        server.createContext("/metrics", ex -> {
            byte[] body = sink.registry().scrape().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
    }

    int port() {
        return server.getAddress().getPort();
    }

    void start() {
        server.start();
        LOG.info("sink ops HTTP on port {}", server.getAddress().getPort());
    }

    private record Reply(int status, String json) {
    }

    /** Answers with the handler's JSON; when PostgreSQL does not answer, 503 with the reason. */
    private static void handle(HttpExchange ex, java.util.function.Supplier<Reply> handler) throws IOException {
        Reply reply;
        try {
            reply = handler.get();
        } catch (RuntimeException e) {
            LOG.warn("{} failed: {}", ex.getRequestURI(), e.toString());
            reply = new Reply(503, Json.text(Map.of("error", e.toString())));
        }
        byte[] bytes = reply.json().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        // the router's dashboard, served from another port, reads positions and TCA from here
        ex.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
        ex.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
