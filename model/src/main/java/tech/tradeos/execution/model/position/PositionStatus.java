package tech.tradeos.execution.model.position;

/** docs/README.md §Positions. UNKNOWN is what a reader says when neither Redis nor PostgreSQL answers; it is never stored. */
public enum PositionStatus {
    OPEN, CLOSED, UNCONFIRMED, UNKNOWN
}
