package tech.tradeos.execution.model;

/** Whether an intent opens a new position or closes an existing one. */
public enum Action {
    OPEN, CLOSE
}
