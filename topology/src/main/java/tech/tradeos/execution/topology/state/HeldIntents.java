package tech.tradeos.execution.topology.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tech.tradeos.execution.model.ApprovedIntent;

/**
 * The intents of one instrument waiting, in arrival order, for its positions to be confirmed. Kept in
 * a changelogged store, so a restart resumes the wait instead of dropping them.
 */
public record HeldIntents(List<Held> intents) {
    public record Held(ApprovedIntent intent, Instant heldAt, String reason) {
    }

    public HeldIntents {
        intents = List.copyOf(intents);
    }

    public boolean isEmpty() {
        return intents.isEmpty();
    }

    public boolean holds(String intentId) {
        return intents.stream().anyMatch(h -> h.intent().intentId().equals(intentId));
    }

    public HeldIntents with(Held held) {
        List<Held> next = new ArrayList<>(intents);
        next.add(held);
        return new HeldIntents(next);
    }

    public HeldIntents withoutFirst() {
        return new HeldIntents(intents.subList(1, intents.size()));
    }
}
