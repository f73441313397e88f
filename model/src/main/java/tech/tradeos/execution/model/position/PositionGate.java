package tech.tradeos.execution.model.position;

/**
 * Whether an instrument's position state is confirmed enough to trade (docs/README.md §Positions): an order routed
 * without a confirmed fill, or positions nobody can read (UNKNOWN), count as open and hold new
 * intents. A position the ledger marks UNCONFIRMED is reconciled against the router's own record of
 * the venue (in PAPER mode the paper adapter's): confirmed when that record has no order pending.
 */
public final class PositionGate {
    private PositionGate() {
    }

    /** Null when the instrument may trade; otherwise why it must wait. */
    public static String waitReason(RouterPositions record, boolean ledgerReadable) {
        if (record.hasPending()) {
            return "orders routed without a confirmed fill: " + record.pending().keySet();
        }
        if (!ledgerReadable) {
            return "position UNKNOWN: neither Redis nor PostgreSQL answered";
        }
        return null;
    }
}
