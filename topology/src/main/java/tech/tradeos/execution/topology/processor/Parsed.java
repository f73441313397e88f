package tech.tradeos.execution.topology.processor;

import tech.tradeos.execution.model.Rejection;

/** The result of reading one input record: a value, an intent to reject, or bytes for the DLQ. */
public sealed interface Parsed {
    /** A readable record; {@code inPlace} when it can be routed in the task that read it (see {@link Placement}). */
    public record Valid(InstrumentEvent event, boolean inPlace) implements Parsed {
        public Valid(InstrumentEvent event) {
            this(event, false);
        }

        public Valid placed(boolean inPlace) {
            return inPlace == this.inPlace ? this : new Valid(event, inPlace);
        }
    }

    /** Well-formed JSON that is not a valid intent: an INVALID_INTENT rejection, keyed by its intentId. */
    public record Invalid(String key, Rejection rejection) implements Parsed {
    }

    /** Unreadable: the original bytes go to the DLQ; the reason travels in the record's headers. */
    public record Dead(byte[] value) implements Parsed {
    }
}
