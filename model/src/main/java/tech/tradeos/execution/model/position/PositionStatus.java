package tech.tradeos.execution.model.position;

/** SPEC §7. UNKNOWN is what a reader says when neither Redis nor PostgreSQL answers; it is never stored. */
public enum PositionStatus {
    OPEN, CLOSED, UNCONFIRMED, UNKNOWN
}
