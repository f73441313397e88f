package tech.tradeos.execution.topology.control;

import java.util.Iterator;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KeyValue;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.control.ControlCommand;
import tech.tradeos.execution.model.control.ControlState;
import tech.tradeos.execution.model.routing.SmartOrderRouter;

/**
 * The operator's instructions as this router instance holds them: written by the global control store's
 * processor (every instance reads the whole control topic), read by the stream threads on every intent.
 * Also keeps the SOR built for the current state, rebuilt only when an instruction changed a venue or fee.
 */
public final class ControlBoard {
    private final TradeosConfig config;
    private final AtomicReference<ControlState> state;
    private volatile Built router;
    private volatile Refusals refusals = refused -> { };

    /** A record of the control topic that was not applied: its bytes, why, where from, and the instruction its key holds. */
    public record Refused(byte[] key, byte[] value, String reason, String topic, int partition, long offset, ControlCommand held) {
    }

    /** Where refused control records go (the router dead-letters them and writes a tombstoned key's instruction again). */
    @FunctionalInterface
    public interface Refusals {
        void refused(Refused refused);
    }

    private record Built(long version, SmartOrderRouter router) {
    }

    public ControlBoard(TradeosConfig config) {
        this.config = config;
        this.state = new AtomicReference<>(ControlState.of(config.limits()));
        this.router = new Built(0, new SmartOrderRouter(config));
    }

    public TradeosConfig config() {
        return config;
    }

    public Refusals refusals() {
        return refusals;
    }

    public void refusals(Refusals refusals) {
        this.refusals = refusals;
    }

    public ControlState state() {
        return state.get();
    }

    public void apply(ControlCommand command) {
        state.updateAndGet(s -> s.apply(command));
    }

    /** The global store's content, when this instance starts (a restored store is not replayed through the processor). */
    public void load(Iterator<KeyValue<String, ControlCommand>> stored) {
        stored.forEachRemaining(e -> {
            ControlCommand held = state.get().byKey().get(e.key);
            if (e.value != null && (held == null || held.at().isBefore(e.value.at()))) {
                apply(e.value);
            }
        });
    }

    /** The SOR for the operator's current venue switches and fees. */
    public SmartOrderRouter router() {
        ControlState now = state.get();
        Built built = router;
        if (built.version() != now.version()) {
            built = new Built(now.version(), new SmartOrderRouter(now.effective(config)));
            router = built;
        }
        return built.router();
    }
}
