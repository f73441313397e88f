package tech.tradeos.execution.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * An intent the router did not route, with the reason and a detail a person can act on. {@code intent}
 * is the intent as it arrived: an invalid one cannot be an {@link ApprovedIntent}.
 */
public record Rejection(String intentId, RejectReason reason, String detail, JsonNode intent, Instant rejectedAt) {
}
