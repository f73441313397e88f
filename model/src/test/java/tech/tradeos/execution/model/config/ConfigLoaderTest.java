package tech.tradeos.execution.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tradeos.execution.model.Market;
import tech.tradeos.execution.model.Mode;
import tech.tradeos.execution.model.Region;

/** the README: defaults, a partial file, environment overrides, and clear errors. */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void theDefaultsHoldTheSpecsVenueTable() {
        TradeosConfig cfg = ConfigLoader.defaults();
        assertThat(cfg.region()).isEqualTo(Region.US);
        assertThat(cfg.mode()).isEqualTo(Mode.PAPER);
        assertThat(cfg.routing().stalenessMs()).isEqualTo(5000);
        assertThat(cfg.venues().keySet()).containsExactly("KRAKEN_SPOT", "COINBASE", "GEMINI", "KRAKEN_FUTURES",
                "BINANCE_SPOT", "BINANCE_FUTURES", "BYBIT_SPOT", "BYBIT_PERP");
        assertThat(cfg.venues().get("KRAKEN_SPOT").symbol("BTC-USD")).isEqualTo("XBT/USD");
        assertThat(cfg.venues().get("GEMINI").symbol("BTC-USD")).isEqualTo("btcusd");
        assertThat(cfg.venues().get("KRAKEN_FUTURES").symbol("BTC-USD")).isEqualTo("PF_XBTUSD");
        assertThat(cfg.venues().get("COINBASE").takerFeeBps()).isEqualByComparingTo("120");
        assertThat(cfg.venues().get("BYBIT_PERP").takerFeeBps()).isEqualByComparingTo("5.5");
        assertThat(cfg.venues().get("BINANCE_FUTURES").market()).isEqualTo(Market.PERP);
        assertThat(cfg.venues().get("BINANCE_SPOT").regions()).containsExactly(Region.GLOBAL);
        assertThat(cfg.venues().get("KRAKEN_FUTURES").shortable()).isTrue();
        assertThat(cfg.venues().get("KRAKEN_SPOT").shortable()).isFalse();
        assertThat(cfg.venues().values()).allSatisfy(v -> assertThat(v.symbols()).containsKeys("BTC-USD", "ETH-USD", "SOL-USD"));
        assertThat(cfg.routing().fallbackPriority().get(Region.US))
                .containsExactly("KRAKEN_SPOT", "COINBASE", "GEMINI", "KRAKEN_FUTURES");
        assertThat(cfg.paper().slippageAtrMultiple()).isEqualByComparingTo("0.1");
        assertThat(cfg.positions().reconcileTimeoutMs()).isEqualTo(30000);
        assertThat(cfg.tca().returnPeriod()).isEqualTo(Duration.ofHours(1));
        assertThat(cfg.tca().startingEquity()).isEqualByComparingTo("100000");
        assertThat(cfg.kafka().applicationId()).isEqualTo("tradeos-router");
        assertThat(cfg.topics().intentsApproved()).isEqualTo("execution.intents.approved");
        assertThat(cfg.topics().dlq()).isEqualTo("execution.dlq");
        assertThat(cfg.http().port()).isEqualTo(7070);
        assertThat(cfg.http().bind()).isEqualTo("127.0.0.1");
    }

    @Test
    void aPartialFileKeepsEveryOtherDefault() throws Exception {
        Path file = write("""
                region: GLOBAL
                venues:
                  COINBASE: {taker-fee-bps: 60}
                """);
        TradeosConfig cfg = ConfigLoader.load(file, Map.of());
        assertThat(cfg.region()).isEqualTo(Region.GLOBAL);
        assertThat(cfg.venues().get("COINBASE").takerFeeBps()).isEqualByComparingTo("60");
        assertThat(cfg.venues().get("COINBASE").symbol("BTC-USD")).isEqualTo("BTC-USD");
        assertThat(cfg.venues()).hasSize(8);
        assertThat(cfg.routing().stalenessMs()).isEqualTo(5000);
    }

    @Test
    void environmentOverridesFileAndDefaults() throws Exception {
        Path file = write("routing: {staleness-ms: 3000}");
        TradeosConfig cfg = ConfigLoader.load(file, Map.of(
                "TRADEOS_ROUTING_STALENESS_MS", "2000",
                "TRADEOS_KAFKA_BOOTSTRAP_SERVERS", "broker-1:9092,broker-2:9092",
                "TRADEOS_HTTP_PORT", "7171",
                "TRADEOS_VENUES_KRAKEN_SPOT_TAKER_FEE_BPS", "25",
                "TRADEOS_VENUES_GEMINI_ENABLED", "false",
                "TRADEOS_ROUTING_FALLBACK_PRIORITY_US", "GEMINI,KRAKEN_SPOT",
                "TRADEOS_TCA_RETURN_PERIOD", "PT15M",
                "TRADEOS_REDIS_KEY_PREFIX", "desk-1:",
                "PATH", "/usr/bin"));
        assertThat(cfg.routing().stalenessMs()).isEqualTo(2000);
        assertThat(cfg.kafka().bootstrapServers()).isEqualTo("broker-1:9092,broker-2:9092");
        assertThat(cfg.http().port()).isEqualTo(7171);
        assertThat(cfg.venues().get("KRAKEN_SPOT").takerFeeBps()).isEqualByComparingTo("25");
        assertThat(cfg.venues().get("GEMINI").enabled()).isFalse();
        assertThat(cfg.routing().fallbackPriority().get(Region.US)).containsExactly("GEMINI", "KRAKEN_SPOT");
        assertThat(cfg.tca().returnPeriod()).isEqualTo(Duration.ofMinutes(15));
        assertThat(cfg.redis().keyPrefix()).as("text keys take the value as it is").isEqualTo("desk-1:");
        assertThat(cfg.priorityOrder()).startsWith("GEMINI", "KRAKEN_SPOT", "COINBASE");
    }

    @Test
    void aNewVenueTakesItsDefaultsFromItsMarket() throws Exception {
        TradeosConfig cfg = ConfigLoader.load(write("""
                venues:
                  OKX_PERP: {market: PERP, taker-fee-bps: 5, regions: [GLOBAL], symbols: {BTC-USD: BTC-USDT-SWAP}}
                """), Map.of());
        VenueConfig okx = cfg.venues().get("OKX_PERP");
        assertThat(okx.enabled()).isTrue();
        assertThat(okx.shortable()).isTrue();
        assertThat(okx.quoteToUsd()).isEqualByComparingTo("1");
        assertThat(cfg.priorityOrder()).endsWith("OKX_PERP");
    }

    @Test
    void mistakesAreNamed() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(write("routing: {staleness: 3000}"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("staleness");
        assertThatThrownBy(() -> ConfigLoader.load(write("region: MARS"), Map.of()))
                .hasMessageContaining("region").hasMessageContaining("MARS");
        assertThatThrownBy(() -> ConfigLoader.load(write("routing: {fallback-priority: {US: [KRAKEN_SPOT, FTX]}}"), Map.of()))
                .hasMessageContaining("routing.fallback-priority.US names unknown venue FTX");
        assertThatThrownBy(() -> ConfigLoader.load(write("venues: {COINBASE: {taker-fee-bps: -1}}"), Map.of()))
                .hasMessageContaining("taker-fee-bps");
        assertThatThrownBy(() -> ConfigLoader.load(write("- just\n- a list"), Map.of()))
                .hasMessageContaining("must be a YAML mapping");
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.yaml"), Map.of()))
                .hasMessageContaining("cannot read config").hasMessageEndingWith("missing.yaml: no such file");
        assertThatThrownBy(() -> ConfigLoader.load(write("kafka: {bootstrap-server: x}"), Map.of()))
                .hasMessageContaining("unknown key kafka.bootstrap-server — did you mean bootstrap-servers?");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("TRADEOS_HTTP_PORT", "seventy")))
                .hasMessageContaining("port");
    }

    @Test
    void aTypoIsAnsweredWithTheNearestKeyAndNothingFarIsSuggested() {
        java.util.List<String> keys = java.util.List.of("TRADEOS_KAFKA_BOOTSTRAP_SERVERS", "TRADEOS_KAFKA_PARTITIONS");
        assertThat(ConfigLoader.closest("TRADEOS_KAFKA_BOOTSTRAP_SERVER", keys)).isEqualTo("TRADEOS_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(ConfigLoader.closest("TRADEOS_SOMETHING_ELSE", keys)).isNull();
    }

    @Test
    void anEmptyFileIsTheDefaults() throws Exception {
        assertThat(ConfigLoader.load(write(""), Map.of())).isEqualTo(ConfigLoader.defaults());
    }

    private Path write(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "cfg", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
