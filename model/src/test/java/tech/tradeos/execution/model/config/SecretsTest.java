package tech.tradeos.execution.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One secret of each kind a config holds — the PostgreSQL password, a Redis URI's password, a SASL JAAS
 * config, an ingest Redis URI, the ops and admin tokens, a venue's API key and secret — never shows in what
 * the config prints (its records' toString, which log lines and errors use) or in the start banner.
 */
class SecretsTest {
    private static final List<String> SECRETS = List.of("pg-Secret-1", "redis-Secret-2", "sasl-Secret-3", "ingest-Secret-4",
            "token-Secret-5-0123456789", "admin-Secret-6-0123456789", "apikey-Secret-7", "apisecret-Secret-8", "feed-Secret-9");

    @TempDir
    Path dir;

    @Test
    void noSecretAppearsInTheConfigsTextOrTheBanner() throws Exception {
        Path file = Files.writeString(dir.resolve("c.yaml"), """
                kafka:
                  properties:
                    sasl.jaas.config: 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="sasl-Secret-3";'
                    security.protocol: SASL_SSL
                postgres: {password: pg-Secret-1}
                redis: {uri: "redis://:redis-Secret-2@127.0.0.1:6379"}
                ingest: {redis-uri: "redis://user:ingest-Secret-4@127.0.0.1:6379", cryptofeed-redis-uri: "redis://:feed-Secret-9@10.0.0.1:6379"}
                http: {token: token-Secret-5-0123456789, admin-token: admin-Secret-6-0123456789}
                executor:
                  venues:
                    KRAKEN_SPOT: {api-key: apikey-Secret-7, api-secret: apisecret-Secret-8}
                """);
        TradeosConfig config = ConfigLoader.load(file, Map.of());
        assertThat(config.postgres().password()).isEqualTo("pg-Secret-1");
        String text = config.toString() + "\n" + StartBanner.line("router", file, config,
                Map.of("ledger", config.postgres().url(), "cache", config.redis().uri(), "feed", config.ingest().cryptofeedRedisUri()));
        for (String secret : SECRETS) {
            assertThat(text).as(secret).doesNotContain(secret);
        }
        assertThat(text).contains("SASL_SSL").as("what is not secret still shows").contains("127.0.0.1:6379");
    }

    @Test
    void aVenueBaseUrlMustBeHttpsUnlessLoopbackOrExplicitlyInsecure() throws Exception {
        assertThatThrownBy(() -> load("http://api.kraken.com", null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("must be https://");
        assertThat(load("http://127.0.0.1:9999", null).executor().venues().get("KRAKEN_SPOT").baseUrl()).isEqualTo("http://127.0.0.1:9999");
        assertThat(load("http://localhost:9999", null)).isNotNull();
        assertThat(load("http://venue-sim:9999", true).executor().venues().get("KRAKEN_SPOT").allowInsecure()).isTrue();
        assertThat(ConfigLoader.defaults().executor().venues().values()).allSatisfy(v -> assertThat(v.baseUrl()).startsWith("https://"));
    }

    private TradeosConfig load(String baseUrl, Boolean insecure) throws Exception {
        Path file = Files.writeString(dir.resolve("v.yaml"), "executor:\n  venues:\n    KRAKEN_SPOT: {base-url: \"" + baseUrl + "\""
                + (insecure == null ? "" : ", allow-insecure: " + insecure) + "}\n");
        return ConfigLoader.load(file, Map.of());
    }

    @Test
    void aStartingEquityOfAHundredThousandDigitsIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("e.yaml"), "tca: {starting-equity: \"1e100000\"}\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("starting-equity");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TRADEOS_TCA_STARTING_EQUITY", "1e100000")))
                .isInstanceOf(ConfigException.class);
        assertThat(ConfigLoader.load(null, Map.of("TRADEOS_TCA_STARTING_EQUITY", "250000.50")).tca().startingEquity())
                .isEqualByComparingTo("250000.50");
    }
}
