package tech.tradeos.execution.model;

/**
 * Where a live order is in its lifecycle (docs/README.md §Live execution): NEW once it may be sent (published before
 * the request leaves), ACKED once the venue gave it an id, PARTIALLY_FILLED while executions come in, and one of the
 * four terminal states. UNKNOWN: the order may be at the venue and no lookup could find it (or the venue's answers
 * could not be used); it is not final — the executor keeps looking it up and publishes the final state once it
 * knows it, or an operator resolves it by hand — and the router keeps its instrument held until then.
 */
public enum OrderState {
    NEW, ACKED, PARTIALLY_FILLED, FILLED, CANCELED, REJECTED, EXPIRED, UNKNOWN;

    /** Nothing more will happen to the order at the venue. */
    public boolean terminal() {
        return this == FILLED || this == CANCELED || this == REJECTED || this == EXPIRED;
    }
}
