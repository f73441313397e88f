package tech.tradeos.execution.model;

/** The direction of the position an intent opens or closes. */
public enum Direction {
    LONG(1), SHORT(-1);

    private final int sign;

    Direction(int sign) {
        this.sign = sign;
    }

    /** p in docs/README.md §Routing: +1 for a long position, −1 for a short. */
    public int sign() {
        return sign;
    }
}
