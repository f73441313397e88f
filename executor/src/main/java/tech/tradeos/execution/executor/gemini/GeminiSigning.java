package tech.tradeos.execution.executor.gemini;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Gemini's private API signature ("Private API invocation"): the request's JSON payload (with {@code request} and
 * {@code nonce}) base64-encoded goes in {@code X-GEMINI-PAYLOAD}, and {@code X-GEMINI-SIGNATURE} is the hex HMAC-SHA384
 * of that base64 text keyed with the API secret. The documentation's example payload is not given byte for byte (its
 * whitespace), so the test checks this against an independent HMAC; the simulator verifies with this same function.
 */
public final class GeminiSigning {
    private GeminiSigning() {
    }

    public static String payload(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    public static String sign(String base64Payload, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA384");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA384"));
            return HexFormat.of().formatHex(mac.doFinal(base64Payload.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
