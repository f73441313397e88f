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
 * every instance applies every instruction, in topic order. A record that is not a valid instruction (read
 * strictly: unknown fields refused), whose key is not its scope's, that names a venue or instrument the config
 * does not know, or that is a tombstone, is refused: logged, counted and dead-lettered through the board's
 * {@link ControlBoard.Refusals} — an operator typo never stops a router, and never changes trading either. A
 * tombstone would erase its key's instruction at the next compaction (a router started later would not see a
 * halt): the held instruction is written again, so the topic keeps it.
 */
public final class ControlStoreUpdater implements Processor<byte[], byte[], Void, Void> {
    public static final String STORE = "control-store";
    private static final Logger LOG = LoggerFactory.getLogger(ControlStoreUpdater.class);

    private final ControlBoard board;
    private KeyValueStore<String, ControlCommand> store;
    private ProcessorContext<Void, Void> context;

    public ControlStoreUpdater(ControlBoard board) {
        this.board = board;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            ControlCommand held = key == null ? null : store.get(key);
            refuse(record, key, "a tombstone is not an instruction: it would erase '" + key + "' at compaction"
                    + (held == null ? "" : "; the held instruction is written again"), held);
            return;
        }
        ControlCommand command;
        try {
            command = ControlCommand.read(record.value());
        } catch (IOException | RuntimeException invalid) {
            refuse(record, key, "not a valid control instruction: " + Json.describe(invalid), null);
            return;
        }
        if (!command.keyedAs(key)) {
            refuse(record, key, "a control instruction keyed '" + key + "' instead of its scope '" + command.key() + "'", null);
            return;
        }
        var problem = command.problemWith(board.config());
        if (problem.isPresent()) {
            refuse(record, key, problem.get(), null);
            return;
        }
        store.put(key, command);
        board.apply(command);
        LOG.info("control: {}", command.describe());
    }

    private void refuse(Record<byte[], byte[]> record, String key, String reason, ControlCommand held) {
        LOG.warn("control: refused a record keyed '{}': {}", key, reason);
        var meta = context.recordMetadata();
        board.refusals().refused(new ControlBoard.Refused(record.key(), record.value(), reason,
                meta.map(m -> m.topic()).orElse(""), meta.map(m -> m.partition()).orElse(-1),
                meta.map(m -> m.offset()).orElse(-1L), held));
    }
}
