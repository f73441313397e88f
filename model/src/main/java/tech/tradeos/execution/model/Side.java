package tech.tradeos.execution.model;

/** The side of an order. */
public enum Side {
    BUY(1), SELL(-1);

    private final int sign;

    Side(int sign) {
        this.sign = sign;
    }

    /** s in docs/README.md §Routing: +1 for a buy, −1 for a sell. */
    public int sign() {
        return sign;
    }

    /** OPEN LONG and CLOSE SHORT buy; OPEN SHORT and CLOSE LONG sell. */
    public static Side of(Action action, Direction direction) {
        boolean opensLong = direction == Direction.LONG;
        return (action == Action.OPEN) == opensLong ? BUY : SELL;
    }
}
