package tech.tradeos.execution.model;

/**
 * Where a live order is in its lifecycle (docs/README.md §Live execution): NEW when it is sent, ACKED once the
 * venue gave it an id, PARTIALLY_FILLED while executions come in, and one of the four terminal states.
 */
public enum OrderState {
    NEW, ACKED, PARTIALLY_FILLED, FILLED, CANCELED, REJECTED, EXPIRED;

    /** Nothing more will happen to the order at the venue. */
    public boolean terminal() {
        return this == FILLED || this == CANCELED || this == REJECTED || this == EXPIRED;
    }
}
