package tech.tradeos.execution.executor.bybit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Bybit's signature: the documentation shows the string to sign but not the secret of its example signatures, so
 * the string is pinned to the documented one and the HMAC to an independent one (RFC 2104 over SHA-256, by hand).
 */
class BybitSigningTest {
    @Test
    void aGetIsSignedOverTimestampKeyWindowAndQueryAsTheGuideShows() throws Exception {
        String secret = "bybit-test-secret";
        // the guide's example: "1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C"
        String plain = "1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C";
        assertThat(BybitSigning.sign(1658384314791L, "XXXXXXXXXX", 5000, "category=option&symbol=BTC-29JUL22-25000-C", secret))
                .isEqualTo(hmacSha256ByHand(secret, plain));
    }

    @Test
    void aPostIsSignedOverTheJsonBody() throws Exception {
        String secret = "another secret, longer than the 64-byte block so that the key is hashed first: 0123456789abcdef";
        assertThat(BybitSigning.sign(1658385579423L, "XXXXXXXXXX", 5000, "{\"category\": \"option\"}", secret))
                .isEqualTo(hmacSha256ByHand(secret, "1658385579423XXXXXXXXXX5000{\"category\": \"option\"}"));
    }

    /** HMAC(K, m) = H((K' ⊕ opad) ∥ H((K' ⊕ ipad) ∥ m)), K' the key hashed when longer than the block, zero-padded. */
    private static String hmacSha256ByHand(String key, String message) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        if (k.length > 64) {
            k = sha.digest(k);
        }
        byte[] block = new byte[64];
        System.arraycopy(k, 0, block, 0, k.length);
        byte[] inner = new byte[64];
        byte[] outer = new byte[64];
        for (int i = 0; i < 64; i++) {
            inner[i] = (byte) (block[i] ^ 0x36);
            outer[i] = (byte) (block[i] ^ 0x5c);
        }
        sha.reset();
        sha.update(inner);
        byte[] innerHash = sha.digest(message.getBytes(StandardCharsets.UTF_8));
        sha.reset();
        sha.update(outer);
        return HexFormat.of().formatHex(sha.digest(innerHash));
    }
}
