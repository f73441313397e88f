package tech.tradeos.execution.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.sink.Database;
import tech.tradeos.execution.sink.LedgerPositions;
import tech.tradeos.execution.testkit.Deployment;
import tech.tradeos.execution.testkit.HangingProxy;
import tech.tradeos.execution.testkit.KafkaBroker;
import tech.tradeos.execution.topology.RouterService;

/**
 * A ledger whose PostgreSQL hangs (accepts, never answers) never holds up the stream thread: an
 * instrument whose record is already seeded keeps routing at once, an instrument whose positions must
 * still be read is held (docs/README.md §Positions) and routed once PostgreSQL answers again.
 */
class LedgerTimeoutIT {
    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    private TradeosConfig config;

    @AfterEach
    void dropSchema() {
        try (Database db = new Database(direct(config).postgres())) {
            db.jdbi().useHandle(h -> h.execute("DROP SCHEMA IF EXISTS " + config.postgres().schema() + " CASCADE"));
        }
    }

    private static TradeosConfig direct(TradeosConfig c) {
        return ConfigLoader.load(null, Map.of("TRADEOS_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test",
                "TRADEOS_POSTGRES_SCHEMA", c.postgres().schema()));
    }

    @Test
    void aHangingPostgresHoldsOnlyTheInstrumentWhosePositionsMustBeRead() throws Exception {
        try (HangingProxy postgres = new HangingProxy("127.0.0.1", 5432)) {
            config = deployment(postgres.port());
            try (Database migrated = new Database(direct(config).postgres()).migrate(direct(config).postgres());
                 LedgerPositions ledger = new LedgerPositions(config);
                 RouterService router = new RouterService(config, ledger).start()) {
                publishBooks("BTC-USD");
                publishBooks("ETH-USD");
                intent("btc-1", "BTC-USD");
                assertThat(orders(1)).extracting(r -> r.key()).containsExactly("btc-1");

                postgres.hang(true);
                intent("eth-1", "ETH-USD"); // its positions must be read: PostgreSQL never answers
                long sent = System.nanoTime();
                intent("btc-2", "BTC-USD"); // seeded already: routes at once
                List<ConsumerRecord<String, String>> routed = orders(2);
                long tookMs = (System.nanoTime() - sent) / 1_000_000;
                assertThat(routed).extracting(r -> r.key()).containsExactly("btc-1", "btc-2");
                assertThat(tookMs).as("btc-2 waited behind the hanging ledger read").isLessThan(
                        config.positions().ledgerTimeoutMs() + 2_000);
                assertThat(BROKER.client().readUntil(config.topics().intentsRejected(), Duration.ofMillis(500), s -> false))
                        .as("eth-1 is held, not rejected").isEmpty();

                postgres.hang(false);
                List<ConsumerRecord<String, String>> all = orders(3);
                assertThat(all).extracting(r -> r.key()).containsExactly("btc-1", "btc-2", "eth-1");
                assertThat(Json.tree(all.get(2).value()).get("instrument").asText()).isEqualTo("ETH-USD");
            }
        }
    }

    private List<ConsumerRecord<String, String>> orders(int n) {
        return BROKER.client().readUntil(config.topics().ordersRouted(), Duration.ofSeconds(45), s -> s.size() >= n);
    }

    private TradeosConfig deployment(int postgresPort) throws Exception {
        String name = "hang-" + UUID.randomUUID().toString().substring(0, 8);
        // the machine's Redis answers (the ledger is reachable) but has no load mark under the deployment's
        // prefix, so an instrument's positions are read from PostgreSQL
        Map<String, String> env = Deployment.env(name, BROKER.bootstrapServers());
        env.put("TRADEOS_KAFKA_PARTITIONS", "1");
        env.put("TRADEOS_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:" + postgresPort + "/test");
        env.put("TRADEOS_POSITIONS_RECONCILE_TIMEOUT_MS", "60000");
        env.put("TRADEOS_POSITIONS_RECONCILE_INTERVAL_MS", "200");
        return ConfigLoader.load(null, env);
    }

    private void publishBooks(String instrument) {
        Instant now = Instant.now();
        BROKER.client().send(config.topics().orderbook(), instrument, """
                {"venue":"KRAKEN_SPOT","instrument":"%s","timestamp":"%s","sequence":1,
                 "bids":[["99","10"]],"asks":[["100","10"]]}""".formatted(instrument, now));
    }

    private void intent(String id, String instrument) {
        BROKER.client().send(config.topics().intentsApproved(), id, """
                {"intentId":"%s","instrument":"%s","direction":"LONG","action":"OPEN","quantity":"1",
                 "signalType":"momentum","createdAt":"%s"}""".formatted(id, instrument, Instant.now()));
    }
}
