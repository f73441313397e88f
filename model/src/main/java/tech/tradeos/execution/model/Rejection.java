package tech.tradeos.execution.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * An intent the router did not route, with the reason and a detail a person can act on. {@code intent}
 * is the intent as it arrived: an invalid one cannot be an {@link ApprovedIntent}.
 */
public record Rejection(String intentId, RejectReason reason, String detail, JsonNode intent, Instant rejectedAt) {

    /** A rejection of an intent as it arrived: its intentId is taken from the JSON when it has a usable one. */
    public static Rejection of(JsonNode intent, RejectReason reason, String detail, Instant at) {
        JsonNode id = intent == null ? null : intent.get("intentId");
        String intentId = id != null && id.isValueNode() && usable(id.asText()) ? id.asText() : null;
        return new Rejection(intentId, reason, detail, intent, at);
    }

    /** An id a consumer can key by: one that would pass the intent's own check (no control characters, bounded). */
    private static boolean usable(String id) {
        try {
            Checks.text(id, "intentId");
            return true;
        } catch (IllegalArgumentException unusable) {
            return false;
        }
    }
}
