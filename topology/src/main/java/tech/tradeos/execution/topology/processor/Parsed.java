package tech.tradeos.execution.topology.processor;

import tech.tradeos.execution.model.Rejection;

/** The result of reading one input record: a value, an intent to reject, or bytes for the DLQ. */
public sealed interface Parsed {
    public record Valid(InstrumentEvent event) implements Parsed {
    }

    /** Well-formed JSON that is not a valid intent: an INVALID_INTENT rejection, keyed by its intentId. */
    public record Invalid(String key, Rejection rejection) implements Parsed {
    }

    /** Unreadable: the original bytes go to the DLQ; the reason travels in the record's headers. */
    public record Dead(byte[] value) implements Parsed {
    }
}
