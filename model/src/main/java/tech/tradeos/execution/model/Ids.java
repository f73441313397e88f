package tech.tradeos.execution.model;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic identifiers: a replayed intent yields the same orderId and fillId, which is what lets
 * every downstream write be idempotent.
 */
public final class Ids {
    private Ids() {
    }

    public static String orderId(String intentId) {
        return "ord-" + nameUuid("tradeos/order/" + intentId);
    }

    public static String paperFillId(String orderId) {
        return "fill-" + nameUuid("tradeos/paper-fill/" + orderId);
    }

    private static UUID nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
