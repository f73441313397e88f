package tech.tradeos.execution.executor.kraken;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Kraken's two request signatures, as their API documentation defines them. The venue simulator verifies
 * with these same functions, and both are pinned by the documentation's own inputs in tests.
 */
public final class KrakenSigning {
    private KrakenSigning() {
    }

    /**
     * Spot {@code API-Sign}: HMAC-SHA512 of (URI path + SHA256(nonce + POST data)) keyed with the base64-decoded
     * secret, base64-encoded. {@code path} is the part starting with {@code /0/private}.
     */
    public static String spot(String path, String nonce, String postData, String secretBase64) {
        byte[] inner = sha256(nonce + postData);
        byte[] pathBytes = path.getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[pathBytes.length + inner.length];
        System.arraycopy(pathBytes, 0, message, 0, pathBytes.length);
        System.arraycopy(inner, 0, message, pathBytes.length, inner.length);
        return Base64.getEncoder().encodeToString(hmacSha512(secretBase64, message));
    }

    /**
     * Futures {@code Authent}: HMAC-SHA512 of SHA256(postData + nonce + endpointPath) keyed with the
     * base64-decoded secret, base64-encoded. {@code endpointPath} is the path without the {@code /derivatives}
     * prefix (e.g. {@code /api/v3/sendorder}); {@code postData} is the url-encoded query or body as sent.
     */
    public static String futures(String postData, String nonce, String endpointPath, String secretBase64) {
        return Base64.getEncoder().encodeToString(hmacSha512(secretBase64, sha256(postData + nonce + endpointPath)));
    }

    /** Compares two signatures in constant time (the simulator's check). */
    public static boolean matches(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                actual.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmacSha512(String secretBase64, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secretBase64), "HmacSHA512"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("the API secret is not base64"); // never the secret itself
        }
    }
}
