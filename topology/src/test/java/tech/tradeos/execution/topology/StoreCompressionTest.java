package tech.tradeos.execution.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import tech.tradeos.execution.model.config.ConfigLoader;

/** The router's stores and the records it produces are compressed, and an operator can still choose otherwise. */
class StoreCompressionTest {
    @Test
    void storesAreLz4() {
        RocksDB.loadLibrary();
        try (Options options = new Options()) {
            assertThat(options.compressionType()).isNotEqualTo(CompressionType.LZ4_COMPRESSION);
            new StoreCompression().setConfig("decisions-store", options, Map.of());
            assertThat(options.compressionType()).isEqualTo(CompressionType.LZ4_COMPRESSION);
        }
    }

    @Test
    void theRouterUsesItAndCompressesWhatItProducesUnlessConfiguredOtherwise(@TempDir Path dir) throws Exception {
        Properties defaults = RouterStreamsConfig.properties(ConfigLoader.defaults());
        assertThat(defaults.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(StoreCompression.class);
        assertThat(defaults.get(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG))).isEqualTo("lz4");

        Path file = Files.writeString(dir.resolve("tradeos.yaml"), "kafka: {properties: {producer.compression.type: zstd}}\n");
        Properties chosen = RouterStreamsConfig.properties(ConfigLoader.load(file, Map.of()));
        assertThat(chosen.get(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG))).isEqualTo("zstd");
    }
}
