package tech.tradeos.execution.model;

/** PAPER fills are simulated on the venue's real book; LIVE orders go to the venue. */
public enum Mode {
    PAPER, LIVE
}
