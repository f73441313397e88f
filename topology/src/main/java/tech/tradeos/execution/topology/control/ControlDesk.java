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
    private final ControlBoard board;
    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;

    public ControlDesk(TradeosConfig config, ControlBoard board) {
        this.board = board;
        this.topic = Topics.from(config).control().name();
        this.producer = new KafkaProducer<>(KafkaClients.producer(config), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Writes {@code command} to the control topic, acknowledged by the brokers. */
    public void publish(ControlCommand command) throws Exception {
        publish(producer, topic, command);
    }

    public static void publish(KafkaProducer<byte[], byte[]> producer, String topic, ControlCommand command) throws Exception {
        producer.send(new ProducerRecord<>(topic, command.key().getBytes(StandardCharsets.UTF_8), Json.bytes(command)))
                .get(30, TimeUnit.SECONDS);
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
