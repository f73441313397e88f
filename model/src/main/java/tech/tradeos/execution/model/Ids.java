package tech.tradeos.execution.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

    /** One MD5 per thread: {@code MessageDigest.getInstance} looks its provider up on every call. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new InternalError("MD5 is required of every Java platform", e);
        }
    });

    /** {@link UUID#nameUUIDFromBytes} (version 3), with the thread's digest (tests prove them equal). */
    static UUID nameUuid(String name) {
        byte[] md5 = MD5.get().digest(name.getBytes(StandardCharsets.UTF_8));
        md5[6] = (byte) ((md5[6] & 0x0f) | 0x30); // version 3
        md5[8] = (byte) ((md5[8] & 0x3f) | 0x80); // IETF variant
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (md5[i] & 0xff);
            lsb = (lsb << 8) | (md5[i + 8] & 0xff);
        }
        return new UUID(msb, lsb);
    }
}
