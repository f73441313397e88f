package tech.tradeos.execution.topology.control;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.control.ControlCommand;
import tech.tradeos.execution.model.control.ControlState;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.topic.KafkaClients;
import tech.tradeos.execution.model.topic.Topics;

/**
 * Where operator instructions are written ({@code tradeos control}, {@code POST /control}) and this instance's
 * view of them is read ({@code GET /control}, the dashboard). Writing goes through the control topic, never
 * straight to the board, so every instance — this one included — applies the same instructions in the same order.
 */
public final class ControlDesk implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ControlDesk.class);
    private static final org.slf4j.Logger AUDIT = org.slf4j.LoggerFactory.getLogger("tech.tradeos.execution.audit");
    private final ControlBoard board;
    private final String topic;
    private final String dlq;
    private final KafkaProducer<byte[], byte[]> producer;

    public ControlDesk(TradeosConfig config, ControlBoard board) {
        this.board = board;
        this.topic = Topics.from(config).control().name();
        this.dlq = Topics.from(config).dlq().name();
        this.producer = new KafkaProducer<>(KafkaClients.producer(config), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Writes {@code command} to the control topic, acknowledged by the brokers. */
    public void publish(ControlCommand command) throws Exception {
        publish(producer, topic, command);
    }

    /**
     * Writes {@code command} as its records ({@link ControlCommand#records}: one per limit for SET_LIMITS), each
     * acknowledged. Never a tombstone: a null value would erase its key's instruction at compaction.
     */
    public static void publish(KafkaProducer<byte[], byte[]> producer, String topic, ControlCommand command) throws Exception {
        if (command == null) {
            throw new IllegalArgumentException("a control instruction is never a tombstone (it would erase its scope at compaction)");
        }
        for (ControlCommand record : command.records()) {
            producer.send(new ProducerRecord<>(topic, record.key().getBytes(StandardCharsets.UTF_8), Json.bytes(record)))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A refused control record: to the DLQ with its reason (and audited); a tombstone's key gets its held
     * instruction written again, so compaction keeps it.
     */
    public void deadLetter(ControlBoard.Refused refused) {
        AUDIT.warn("control record refused (topic {} partition {} offset {}): {}", refused.topic(), refused.partition(),
                refused.offset(), refused.reason());
        try {
            producer.send(new ProducerRecord<>(dlq, null, refused.key(), refused.value(), tech.tradeos.execution.model.topic.DeadLetters
                    .headers(null, "ControlRefused", refused.reason(), refused.topic(), refused.partition(), refused.offset())));
            if (refused.held() != null) {
                producer.send(new ProducerRecord<>(topic, refused.held().key().getBytes(StandardCharsets.UTF_8), Json.bytes(refused.held())));
            }
        } catch (RuntimeException e) {
            LOG.error("control: cannot dead-letter a refused record: {}", e.toString());
        }
    }

    /** This instance's view: halts, venue switches, fees, limits, each with who and why. */
    public Map<String, Object> view() {
        ControlState s = board.state();
        Map<String, Object> out = new LinkedHashMap<>();
        ControlCommand all = s.byKey().get("halt/all");
        out.put("halted", all != null && all.action() == ControlCommand.Action.HALT);
        out.put("instructions", s.byKey().values().stream()
                .sorted(java.util.Comparator.comparing(ControlCommand::at).reversed()).toList());
        out.put("limits", s.limits());
        return out;
    }

    public ControlBoard board() {
        return board;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
