package tech.tradeos.execution.topology;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * The router's RocksDB options: LZ4, and one memory budget for every store of the process.
 * <ul>
 *   <li>The decisions store keeps every intent's RoutedOrder (with its candidates) and fill as JSON for
 *       {@code routing.dedupe-retention}, ~2.4 KB an intent uncompressed; JSON of repeated field names
 *       compresses several-fold (BENCHMARKS.md §Memory and state size).</li>
 *   <li>Kafka Streams gives each store instance its own block cache and memtables (50 MB and 3 × 16 MB); a
 *       router has four RocksDB stores per task, so its native memory grew with its tasks while intents
 *       poured in. Every store now shares one LRU cache of {@link #MEMORY_CONFIG} bytes (default
 *       {@value #DEFAULT_MEMORY_BYTES}), which also holds the index and filter blocks and is charged for the
 *       memtables through one write-buffer manager (half of it) — the bounded-memory setup Kafka Streams'
 *       memory-management guide describes.</li>
 * </ul>
 * The budget is per process: the first router started in a JVM sizes it.
 */
public final class StoreOptions implements RocksDBConfigSetter {
    /** Streams config key (set through {@code kafka.properties}) for the shared off-heap budget in bytes. */
    public static final String MEMORY_CONFIG = "tradeos.rocksdb.memory.bytes";
    public static final long DEFAULT_MEMORY_BYTES = 256L * 1024 * 1024;
    private static final double INDEX_FILTER_BLOCK_RATIO = 0.1;
    private static final long MEMTABLE_BYTES = 16L * 1024 * 1024;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        options.setCompressionType(CompressionType.LZ4_COMPRESSION);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(sharedCache(configs));
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        options.setWriteBufferSize(MEMTABLE_BYTES);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    private static synchronized Cache sharedCache(Map<String, Object> configs) {
        if (cache == null) {
            long bytes = budget(configs);
            cache = new LRUCache(bytes, -1, false, INDEX_FILTER_BLOCK_RATIO);
            writeBuffers = new WriteBufferManager(bytes / 2, cache);
        }
        return cache;
    }

    /** The configured budget, or the default; a value that is not a positive number of bytes is refused. */
    static long budget(Map<String, Object> configs) {
        Object value = configs.get(MEMORY_CONFIG);
        if (value == null) {
            return DEFAULT_MEMORY_BYTES;
        }
        long bytes;
        try {
            bytes = Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MEMORY_CONFIG + " must be a number of bytes, got '" + value + "'", e);
        }
        if (bytes < 16L * 1024 * 1024) {
            throw new IllegalArgumentException(MEMORY_CONFIG + " must be at least 16 MiB, got " + bytes);
        }
        return bytes;
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write-buffer manager are shared by every store of the process: never closed here
    }
}
