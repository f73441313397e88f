package tech.tradeos.execution.executor.coinbase;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import tech.tradeos.execution.model.json.Json;

/**
 * Coinbase Advanced Trade's request authentication (CDP API keys): every request carries
 * {@code Authorization: Bearer <JWT>}, a JWT signed ES256 with the key's EC P-256 private key — header
 * {@code {alg: ES256, kid: <key name>, nonce, typ: JWT}}, claims {@code {sub: <key name>, iss: "cdp", nbf, exp: nbf + 120,
 * uri: "<METHOD> <host><path>"}}. ES256 signatures are randomized, so tests verify with the public key rather than
 * compare bytes. Keys come as Coinbase hands them out — SEC1 ({@code BEGIN EC PRIVATE KEY}, with {@code \n} escapes
 * when pasted from JSON) — or PKCS#8; the secret never appears in a message.
 */
public final class CoinbaseJwt {
    static final long LIFETIME_SECONDS = 120;
    private static final HexFormat HEX = HexFormat.of();
    /** PKCS#8 wrapping of a 121-byte P-256 SEC1 key: SEQUENCE { 0, {ecPublicKey, prime256v1}, OCTET STRING (121) }. */
    private static final byte[] PKCS8_PREFIX = HEX.parseHex("308193020100301306072a8648ce3d020106082a8648ce3d0301070479");
    /** SubjectPublicKeyInfo of a P-256 point: SEQUENCE { {ecPublicKey, prime256v1}, BIT STRING (66) }. */
    private static final byte[] SPKI_PREFIX = HEX.parseHex("3059301306072a8648ce3d020106082a8648ce3d030107034200");
    private static final SecureRandom RANDOM = new SecureRandom();

    private CoinbaseJwt() {
    }

    /** A token for one request: {@code method} and {@code hostAndPath} (e.g. {@code api.coinbase.com/api/v3/brokerage/orders}). */
    public static String token(String keyName, PrivateKey key, String method, String hostAndPath, Instant now) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "ES256");
        header.put("kid", keyName);
        header.put("nonce", HEX.formatHex(RANDOM.generateSeed(16)));
        header.put("typ", "JWT");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", keyName);
        claims.put("iss", "cdp");
        claims.put("nbf", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + LIFETIME_SECONDS);
        claims.put("uri", method + " " + hostAndPath);
        String signingInput = base64Url(Json.text(header)) + "." + base64Url(Json.text(claims));
        try {
            Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
            es256.initSign(key);
            es256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(es256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign the Coinbase request: " + e.getClass().getSimpleName());
        }
    }

    /** The claims of {@code jwt} when its ES256 signature verifies with {@code key}; null otherwise. */
    public static Map<String, Object> verify(String jwt, PublicKey key) {
        String[] parts = jwt == null ? new String[0] : jwt.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
            es256.initVerify(key);
            es256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!es256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> claims = Json.MAPPER.readValue(Base64.getUrlDecoder().decode(parts[1]), Map.class);
            return claims;
        } catch (GeneralSecurityException | IllegalArgumentException | java.io.IOException e) {
            return null;
        }
    }

    /** The private key of a PEM (SEC1 or PKCS#8). */
    public static PrivateKey privateKey(String pem) {
        byte[] der = der(pem);
        try {
            byte[] pkcs8 = isSec1(pem) ? concat(PKCS8_PREFIX, requireP256Sec1(der)) : der;
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the Coinbase API secret is not an EC P-256 private key"); // never the key
        }
    }

    /** The public key of a PEM: a {@code PUBLIC KEY}, or a SEC1 private key that carries its public point. */
    public static PublicKey publicKey(String pem) {
        byte[] der = der(pem);
        try {
            byte[] spki = isSec1(pem) ? concat(SPKI_PREFIX, java.util.Arrays.copyOfRange(requireP256Sec1(der), 56, 121)) : der;
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an EC P-256 public key");
        }
    }

    /** A P-256 SEC1 key with its curve and public point: 30 77 02 01 01 04 20 d(32) a0 0a <oid> a1 44 03 42 00 04 x y. */
    private static byte[] requireP256Sec1(byte[] der) {
        if (der.length != 121 || der[0] != 0x30 || der[1] != 0x77 || der[56 - 1] != 0 || der[56] != 0x04) {
            throw new IllegalArgumentException("the Coinbase API secret is not a P-256 SEC1 key with its public point");
        }
        return der;
    }

    private static boolean isSec1(String pem) {
        return pem.contains("BEGIN EC PRIVATE KEY");
    }

    private static byte[] der(String pem) {
        String body = pem.replace("\\n", "\n").replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the Coinbase key is not PEM");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
