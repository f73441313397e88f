package tech.tradeos.execution.executor.binance;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Binance's request signature (spot and USDⓈ-M futures alike, "SIGNED (TRADE and USER_DATA) endpoint security"):
 * {@code signature} = HMAC-SHA256 of the percent-encoded query string followed by the request body, keyed with the
 * API secret as text, hex-encoded. The venue simulator verifies with the same function; a test pins it to the
 * documentation's worked example.
 */
public final class BinanceSigning {
    private BinanceSigning() {
    }

    public static String sign(String payload, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
