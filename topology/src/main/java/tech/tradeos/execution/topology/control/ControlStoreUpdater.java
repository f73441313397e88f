package tech.tradeos.execution.topology.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.control.ControlCommand;
import tech.tradeos.execution.model.json.Json;

/**
 * Keeps the global control store and this instance's {@link ControlBoard} current from {@code execution.control}:
 * every instance applies every instruction, in topic order. A record that is not a valid instruction, or whose
 * key is not its scope's, is logged and skipped — an operator typo never stops a router.
 */
public final class ControlStoreUpdater implements Processor<byte[], byte[], Void, Void> {
    public static final String STORE = "control-store";
    private static final Logger LOG = LoggerFactory.getLogger(ControlStoreUpdater.class);

    private final ControlBoard board;
    private KeyValueStore<String, ControlCommand> store;

    public ControlStoreUpdater(ControlBoard board) {
        this.board = board;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null) {
            return; // a tombstone: compaction's, not an instruction
        }
        ControlCommand command;
        try {
            command = Json.read(record.value(), ControlCommand.class);
        } catch (IOException | RuntimeException invalid) {
            LOG.warn("ignoring an invalid control instruction: {}", Json.describe(invalid));
            return;
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (!command.key().equals(key)) {
            LOG.warn("ignoring a control instruction keyed '{}' instead of its scope '{}'", key, command.key());
            return;
        }
        store.put(key, command);
        board.apply(command);
        LOG.info("control: {}", command.describe());
    }
}
