package tech.tradeos.execution.model;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic identifiers: a replayed intent yields the same orderId and fillId, which is what lets
 * every downstream write be idempotent. An intent is identified by its instrument and intentId — the
 * router's dedupe memory lives with the instrument — so an orderId derives from both: an intentId reused
 * for another instrument is another intent, with its own order (docs/README.md §Messages). A paper fill's id
 * derives from its orderId (one paper fill per order); a live fill's from the venue and its trade id.
 */
public final class Ids {
    private Ids() {
    }

    public static String orderId(String instrument, String intentId) {
        return "ord-" + nameUuid("tradeos/order/" + instrument + "/" + intentId);
    }

    public static String paperFillId(String orderId) {
        return "fill-" + nameUuid("tradeos/paper-fill/" + orderId);
    }

    /**
     * A live fill's id, from the venue's own trade (execution) id: a venue execution read twice — after a
     * restart, from a history query and a push — is one fill.
     */
    public static String liveFillId(String venue, String venueTradeId) {
        return "fill-" + nameUuid("tradeos/live-fill/" + venue + "/" + venueTradeId);
    }

    private static UUID nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
