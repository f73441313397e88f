package tech.tradeos.execution.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import tech.tradeos.execution.model.config.ConfigLoader;

/** The router's stores and the records it produces are compressed, and an operator can still choose otherwise. */
class StoreOptionsTest {
    @Test
    void storesAreLz4AndShareOneCacheAndWriteBufferBudget() {
        RocksDB.loadLibrary();
        try (Options first = new Options().setTableFormatConfig(new BlockBasedTableConfig());
             Options second = new Options().setTableFormatConfig(new BlockBasedTableConfig())) {
            assertThat(first.compressionType()).isNotEqualTo(CompressionType.LZ4_COMPRESSION);
            new StoreOptions().setConfig("decisions-store", first, Map.of());
            new StoreOptions().setConfig("positions-store", second, Map.of());
            assertThat(first.compressionType()).isEqualTo(CompressionType.LZ4_COMPRESSION);
            assertThat(first.writeBufferSize()).isEqualTo(16L * 1024 * 1024);
            assertThat(first.maxWriteBufferNumber()).isEqualTo(2);
            assertThat(((BlockBasedTableConfig) first.tableFormatConfig()).cacheIndexAndFilterBlocks()).isTrue();
        }
    }

    @Test
    void theBudgetIsConfigurableAndBounded() {
        assertThat(StoreOptions.budget(Map.of())).isEqualTo(StoreOptions.DEFAULT_MEMORY_BYTES);
        assertThat(StoreOptions.budget(Map.of(StoreOptions.MEMORY_CONFIG, "268435456"))).isEqualTo(268_435_456L);
        assertThatThrownBy(() -> StoreOptions.budget(Map.of(StoreOptions.MEMORY_CONFIG, "lots")))
                .hasMessage("tradeos.rocksdb.memory.bytes must be a number of bytes, got 'lots'");
        assertThatThrownBy(() -> StoreOptions.budget(Map.of(StoreOptions.MEMORY_CONFIG, "1024")))
                .hasMessage("tradeos.rocksdb.memory.bytes must be at least 16 MiB, got 1024");
    }

    @Test
    void theRouterUsesItAndCompressesWhatItProducesUnlessConfiguredOtherwise(@TempDir Path dir) throws Exception {
        Properties defaults = RouterStreamsConfig.properties(ConfigLoader.defaults());
        assertThat(defaults.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(StoreOptions.class);
        assertThat(defaults.get(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG))).isEqualTo("lz4");

        Path file = Files.writeString(dir.resolve("tradeos.yaml"), "kafka: {properties: {producer.compression.type: zstd}}\n");
        Properties chosen = RouterStreamsConfig.properties(ConfigLoader.load(file, Map.of()));
        assertThat(chosen.get(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG))).isEqualTo("zstd");
    }
}
