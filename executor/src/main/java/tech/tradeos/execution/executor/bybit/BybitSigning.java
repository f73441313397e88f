package tech.tradeos.execution.executor.bybit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bybit v5's request signature (docs v5 guide, "Authentication"): {@code X-BAPI-SIGN} = HMAC-SHA256, keyed with the
 * API secret, of {@code timestamp + apiKey + recvWindow + payload} — the query string of a GET, the JSON body of a
 * POST — as lowercase hex. The documentation's example does not give its secret, so the test checks this against an
 * independent HMAC written from RFC 2104; the simulator verifies with this same function.
 */
public final class BybitSigning {
    private BybitSigning() {
    }

    public static String sign(long timestamp, String apiKey, long recvWindow, String payload, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String plain = timestamp + apiKey + recvWindow + payload;
            return HexFormat.of().formatHex(mac.doFinal(plain.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
