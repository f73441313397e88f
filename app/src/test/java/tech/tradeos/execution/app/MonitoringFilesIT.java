package tech.tradeos.execution.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.sink.Database;
import tech.tradeos.execution.sink.LedgerPositions;
import tech.tradeos.execution.sink.SinkService;
import tech.tradeos.execution.testkit.Await;
import tech.tradeos.execution.testkit.Deployment;
import tech.tradeos.execution.testkit.KafkaBroker;
import tech.tradeos.execution.topology.RouterService;

/**
 * The Grafana dashboard and the Prometheus alert rules in deploy/ parse, and every metric they name is on the
 * /metrics of a running router or sink (on a real broker, PostgreSQL and Redis) once it has routed and recorded an order.
 */
class MonitoringFilesIT {
    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("..").normalize();
    private static final Pattern METRIC = Pattern.compile("\\b((?:tradeos|kafka|jvm|process)_[a-z0-9_]+)\\b");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyMetricTheDashboardAndTheAlertsNameIsPublished() throws Exception {
        Set<String> named = new TreeSet<>();
        JsonNode dashboard = Json.tree(Files.readString(ROOT.resolve("deploy/grafana/tradeos-execution.json")));
        assertThat(dashboard.get("panels").size()).isGreaterThan(10);
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                named.addAll(metrics(target.get("expr").asText()));
            }
        }
        JsonNode rules = new YAMLMapper().readTree(ROOT.resolve("deploy/prometheus/alerts.yml").toFile());
        int alerts = 0;
        for (JsonNode group : rules.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                assertThat(rule.get("alert").asText()).startsWith("Tradeos");
                named.addAll(metrics(rule.get("expr").asText()));
                alerts++;
            }
        }
        assertThat(alerts).isGreaterThanOrEqualTo(6);
        assertThat(named).contains("tradeos_book_age_seconds", "tradeos_dlq_records_total", "tradeos_intents_rejected_total",
                "tradeos_tca_max_drawdown", "tradeos_sink_lag_seconds", "tradeos_tca_venue_savings_bps",
                "tradeos_tca_funding", "tradeos_tca_unrealized_pnl");
        new YAMLMapper().readTree(ROOT.resolve("deploy/prometheus/prometheus.yml").toFile()); // parses

        Map<String, String> env = Deployment.env("monitoring", BROKER.bootstrapServers());
        env.put("TRADEOS_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        env.put("TRADEOS_REDIS_URI", "redis://127.0.0.1:6379");
        TradeosConfig c = ConfigLoader.load(null, env);
        try (SinkService sink = new SinkService(c).start();
             LedgerPositions positions = new LedgerPositions(c);
             RouterService router = new RouterService(c, positions).start()) {
            Instant now = Instant.now();
            BROKER.client().send(c.topics().orderbook(), "k", """
                    {"venue":"KRAKEN_SPOT","instrument":"BTC-USD","timestamp":"%s","sequence":1,
                     "bids":[["99","10"]],"asks":[["100","10"]]}""".formatted(now));
            Await.until(Duration.ofSeconds(60), () -> scrape(c.http().port()).contains("tradeos_book_age_seconds{"));
            BROKER.client().send(c.topics().intentsApproved(), "i-1", """
                    {"intentId":"i-1","instrument":"BTC-USD","direction":"LONG","action":"OPEN","quantity":"1",
                     "signalType":"momentum","createdAt":"%s"}""".formatted(Instant.now()));
            Await.until(Duration.ofSeconds(60), () -> scrape(c.sink().httpPort()).contains("tradeos_tca_venue_savings_bps{"));

            String published = scrape(c.http().port()) + scrape(c.sink().httpPort());
            Set<String> missing = new TreeSet<>();
            for (String metric : named) {
                if (!Pattern.compile("(?m)^" + Pattern.quote(metric) + "[{ ]").matcher(published).find()) {
                    missing.add(metric);
                }
            }
            assertThat(missing).as("named by deploy/ but not on /metrics").isEmpty();
        } finally {
            try (Database db = new Database(c.postgres())) {
                db.jdbi().useHandle(h -> h.execute("DROP SCHEMA IF EXISTS " + c.postgres().schema() + " CASCADE"));
            }
        }
    }

    private static Set<String> metrics(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private String scrape(int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (Exception notYet) {
            return "";
        }
    }
}
