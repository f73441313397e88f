package tech.tradeos.execution.topology.processor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.utils.Utils;

/**
 * Whether an input record can be routed in the task that reads it. The task that reads partition p of
 * an input also reads partition p of the instrument repartition topic (one sub-topology, co-partitioned),
 * so a record keyed by its instrument that sits where Kafka's default partitioner puts that key among
 * {@code partitions} partitions is already with the instrument's state: it takes no repartition hop.
 * Anything else is moved there through the repartition topic ({@link #FAST_PATH}), or, in the strict mode
 * of {@code kafka.inputs-keyed-by-instrument}, refused ({@link #strict}).
 */
public record Placement(int partitions, boolean strict) {
    /** Always moved through the repartition topic (fills and order updates, keyed by orderId). */
    public static final Placement MOVED = new Placement(0, false);

    public Placement {
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be >= 0: " + partitions);
        }
    }

    /** The default: in place when keyed by instrument in the instrument's partition, else moved. */
    public static Placement fastPath(int partitions) {
        return new Placement(partitions, false);
    }

    /** {@code kafka.inputs-keyed-by-instrument}: every record must be in place; others are dead-lettered. */
    public static Placement strict(int partitions) {
        return new Placement(partitions, true);
    }

    /** The partition Kafka's default partitioner (and Kafka Streams' repartition) gives {@code instrument}. */
    public static int partitionOf(String instrument, int partitions) {
        return Utils.toPositive(Utils.murmur2(instrument.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** True when a record of {@code instrument} with {@code key}, read from {@code partition}, needs no hop. */
    public boolean inPlace(byte[] key, String instrument, int partition) {
        if (partitions == 0 || key == null) {
            return false;
        }
        byte[] expected = instrument.getBytes(StandardCharsets.UTF_8);
        return Arrays.equals(key, expected)
                && Utils.toPositive(Utils.murmur2(expected)) % partitions == partition;
    }

    /** Why a record is not in place, for the strict mode's dead letter. */
    public String whyNot(byte[] key, String instrument, int partition) {
        String keyText = key == null ? "null" : "'" + new String(key, StandardCharsets.UTF_8) + "'";
        if (key == null || !Arrays.equals(key, instrument.getBytes(StandardCharsets.UTF_8))) {
            return "kafka.inputs-keyed-by-instrument is on, but the record's key is " + keyText
                    + ", not its instrument '" + instrument + "'";
        }
        return "kafka.inputs-keyed-by-instrument is on, but key '" + instrument + "' is in partition " + partition
                + ", not " + partitionOf(instrument, partitions) + " of " + partitions + " (the default partitioner's choice)";
    }
}
