package tech.tradeos.execution.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static tech.tradeos.execution.sink.Fills.T0;
import static tech.tradeos.execution.sink.Fills.fill;
import static tech.tradeos.execution.sink.Fills.order;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tech.tradeos.execution.embedded.EmbeddedKafka;
import tech.tradeos.execution.model.Side;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.testkit.Await;
import tech.tradeos.execution.testkit.KafkaBroker;
import tech.tradeos.execution.testkit.RedisServer;

/**
 * A ledger that refuses every write (its INSERT privilege revoked) stops the sink: /health/ready 503 with the
 * reason, the alert gauge at 1, and no valid record dead-lettered; granted again, the same records are recorded.
 * The sink's PostgreSQL password is in no log line and no HTTP answer meanwhile.
 */
class SystemicFailureIT {
    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRevokedInsertStopsTheSinkWith503AndNoDeadLetter() throws Exception {
        String prefix = "revoked";
        int port = EmbeddedKafka.freePort();
        String role = "sink_writer_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Map<String, String> env = new HashMap<>();
        env.put("TRADEOS_KAFKA_BOOTSTRAP_SERVERS", BROKER.bootstrapServers());
        env.put("TRADEOS_TOPICS_FILLS", prefix + ".fills");
        env.put("TRADEOS_TOPICS_ORDERS_ROUTED", prefix + ".orders");
        env.put("TRADEOS_TOPICS_TCA", prefix + ".tca");
        env.put("TRADEOS_TOPICS_DLQ", prefix + ".dlq");
        env.put("TRADEOS_SINK_GROUP_ID", prefix + "-sink");
        env.put("TRADEOS_SINK_HTTP_PORT", Integer.toString(port));
        try (RedisServer redis = new RedisServer()) {
            env.put("TRADEOS_REDIS_URI", redis.uri());
            env.put("TRADEOS_REDIS_KEY_PREFIX", prefix + ":");
            try (TestDatabase db = new TestDatabase(env)) {
                String schema = db.config.postgres().schema();
                db.database.jdbi().useHandle(h -> {
                    h.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'writer-pw'");
                    h.execute("GRANT USAGE, CREATE ON SCHEMA " + schema + " TO " + role);
                    h.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema + " TO " + role);
                    h.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + role);
                    h.execute("REVOKE INSERT ON " + schema + ".fills FROM " + role);
                });
                Map<String, String> asWriter = new HashMap<>(env);
                asWriter.put("TRADEOS_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
                asWriter.put("TRADEOS_POSTGRES_SCHEMA", schema);
                asWriter.put("TRADEOS_POSTGRES_USER", role);
                asWriter.put("TRADEOS_POSTGRES_PASSWORD", "writer-pw");
                TradeosConfig config = ConfigLoader.load(null, asWriter);
                LogCapture logs = LogCapture.attach();
                try (SinkService sink = new SinkService(config).start()) {
                    BROKER.client().send(prefix + ".orders", "i-1", Json.text(order("i-1", Side.BUY, "1", "momentum")));
                    BROKER.client().send(prefix + ".fills", "o-1", Json.text(fill("i-1", Side.BUY, "1", "100", "0.4", "momentum", T0)));

                    Await.until(Duration.ofSeconds(60), () -> sink.systemicFailure() != null);
                    HttpResponse<String> ready = get(port, "/health/ready");
                    assertThat(ready.statusCode()).isEqualTo(503);
                    assertThat(ready.body()).contains("systemicFailure").contains("permission denied");
                    assertThat(sink.registry().get("tradeos.sink.systemic.failure").gauge().value()).isEqualTo(1);
                    assertThat(sink.registry().get("tradeos.dlq.records").tag("topic", prefix + ".fills").counter().count())
                            .as("a valid fill is never dead-lettered for the database's fault").isZero();
                    assertThat(count(db, "fills")).isZero();

                    db.database.jdbi().useHandle(h -> h.execute("GRANT INSERT ON " + schema + ".fills TO " + role));
                    Await.until(Duration.ofSeconds(60), () -> count(db, "fills") == 1);
                    Await.until(Duration.ofSeconds(30), () -> sink.systemicFailure() == null);
                    assertThat(sink.registry().get("tradeos.dlq.records").tag("topic", prefix + ".fills").counter().count()).isZero();
                    // the PostgreSQL password is in no HTTP answer and no log line
                    StringBuilder answers = new StringBuilder(ready.body());
                    for (String path : new String[] {"/health", "/health/ready", "/metrics", "/tca", "/positions", "/tca/sessions"}) {
                        answers.append(get(port, path).body());
                    }
                    assertThat(answers.toString()).doesNotContain("writer-pw");
                    assertThat(logs.lines()).as("log lines captured").isNotEmpty();
                    assertThat(logs.lines()).noneSatisfy(line -> assertThat(line).contains("writer-pw"));
                } finally {
                    logs.stop();
                    db.database.jdbi().useHandle(h -> {
                        h.execute("DROP OWNED BY " + role);
                        h.execute("DROP ROLE " + role);
                    });
                }
            }
        }
    }

    /** Every log event of the process while it runs, as text (message and stack trace). */
    static final class LogCapture extends org.apache.logging.log4j.core.appender.AbstractAppender {
        private final java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();

        private LogCapture() {
            super("capture-" + UUID.randomUUID(), null, null, true, org.apache.logging.log4j.core.config.Property.EMPTY_ARRAY);
        }

        static LogCapture attach() {
            LogCapture capture = new LogCapture();
            capture.start();
            org.apache.logging.log4j.core.LoggerContext context =
                    (org.apache.logging.log4j.core.LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
            context.getConfiguration().getRootLogger().addAppender(capture, org.apache.logging.log4j.Level.ALL, null);
            context.updateLoggers();
            return capture;
        }

        @Override
        public void append(org.apache.logging.log4j.core.LogEvent event) {
            StringBuilder line = new StringBuilder(event.getMessage().getFormattedMessage());
            for (Throwable t = event.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
                line.append(" | ").append(t);
            }
            lines.add(line.toString());
        }

        java.util.List<String> lines() {
            return lines;
        }

        @Override
        public void stop() {
            org.apache.logging.log4j.core.LoggerContext context =
                    (org.apache.logging.log4j.core.LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
            context.getConfiguration().getRootLogger().removeAppender(getName());
            context.updateLoggers();
            super.stop();
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long count(TestDatabase db, String table) {
        return db.database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }
}
