package tech.tradeos.execution.model;

/** The regulatory region the deployment trades from; decides which venues are allowed. */
public enum Region {
    US, GLOBAL
}
