package tech.tradeos.execution.executor.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Gemini's payload and signature, the HMAC checked against RFC 2104 over SHA-384 written by hand (128-byte blocks). */
class GeminiSigningTest {
    @Test
    void thePayloadIsTheBase64OfTheJsonAndTheSignatureAnHmacSha384OfThatBase64() throws Exception {
        String json = "{\"request\":\"/v1/order/status\",\"nonce\":123456,\"order_id\":18834}";
        String b64 = GeminiSigning.payload(json);
        assertThat(new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8)).isEqualTo(json);
        assertThat(GeminiSigning.sign(b64, "1234abcd")).isEqualTo(hmacSha384ByHand("1234abcd", b64)).hasSize(96);
    }

    private static String hmacSha384ByHand(String key, String message) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-384");
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        if (k.length > 128) {
            k = sha.digest(k);
        }
        byte[] block = new byte[128];
        System.arraycopy(k, 0, block, 0, k.length);
        byte[] inner = new byte[128];
        byte[] outer = new byte[128];
        for (int i = 0; i < 128; i++) {
            inner[i] = (byte) (block[i] ^ 0x36);
            outer[i] = (byte) (block[i] ^ 0x5c);
        }
        sha.reset();
        sha.update(inner);
        byte[] innerHash = sha.digest(message.getBytes(StandardCharsets.US_ASCII));
        sha.reset();
        sha.update(outer);
        return HexFormat.of().formatHex(sha.digest(innerHash));
    }
}
