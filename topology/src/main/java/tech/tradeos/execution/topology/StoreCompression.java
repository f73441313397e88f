package tech.tradeos.execution.topology;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;

/**
 * LZ4 for the router's RocksDB stores. The decisions store keeps every intent's RoutedOrder (with its
 * candidates) and fill as JSON for {@code routing.dedupe-retention}, ~2.4 KB an intent uncompressed, and
 * JSON of repeated field names compresses several-fold at a few microseconds a block (BENCHMARKS.md §Memory
 * and state). Kafka Streams leaves its stores uncompressed by default.
 */
public final class StoreCompression implements RocksDBConfigSetter {
    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        options.setCompressionType(CompressionType.LZ4_COMPRESSION);
    }

    @Override
    public void close(String storeName, Options options) {
        // nothing allocated here
    }
}
