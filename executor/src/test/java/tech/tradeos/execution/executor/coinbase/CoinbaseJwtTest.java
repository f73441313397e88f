package tech.tradeos.execution.executor.coinbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.json.Json;

/** The ES256 JWT of a Coinbase request, verified with the public key (the signature is randomized), and the key formats. */
class CoinbaseJwtTest {
    private static final String SEC1 = CoinbaseTestKeys.SEC1;
    private static final String PUBLIC = CoinbaseTestKeys.PUBLIC;

    @Test
    void aTokenCarriesTheDocumentedHeaderAndClaimsAndVerifiesWithThePublicKey() throws Exception {
        Instant now = Instant.parse("2026-12-03T09:00:00Z");
        String jwt = CoinbaseJwt.token("organizations/org/apiKeys/key", CoinbaseJwt.privateKey(SEC1), "POST",
                "api.coinbase.com/api/v3/brokerage/orders", now);
        String[] parts = jwt.split("\\.");
        Map<?, ?> header = Json.MAPPER.readValue(Base64.getUrlDecoder().decode(parts[0]), Map.class);
        assertThat(header.get("alg")).isEqualTo("ES256");
        assertThat(header.get("kid")).isEqualTo("organizations/org/apiKeys/key");
        assertThat((String) header.get("nonce")).hasSize(32);
        Map<String, Object> claims = CoinbaseJwt.verify(jwt, CoinbaseJwt.publicKey(PUBLIC));
        assertThat(claims).containsEntry("sub", "organizations/org/apiKeys/key").containsEntry("iss", "cdp")
                .containsEntry("uri", "POST api.coinbase.com/api/v3/brokerage/orders");
        assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("nbf")).longValue()).isEqualTo(120);
        assertThat(Base64.getUrlDecoder().decode(parts[2])).as("raw r || s, not DER").hasSize(64);
        // the public point inside the SEC1 key is the same key
        assertThat(CoinbaseJwt.verify(jwt, CoinbaseJwt.publicKey(SEC1))).isNotNull();
    }

    @Test
    void aTamperedTokenOrAnotherKeyDoesNotVerify() throws Exception {
        String jwt = CoinbaseJwt.token("k", CoinbaseJwt.privateKey(SEC1), "GET", "api.coinbase.com/api/v3/brokerage/accounts", Instant.now());
        String[] p = jwt.split("\\.");
        String otherUri = Base64.getUrlEncoder().withoutPadding().encodeToString(new String(Base64.getUrlDecoder().decode(p[1]),
                StandardCharsets.UTF_8).replace("accounts", "orders").getBytes(StandardCharsets.UTF_8));
        assertThat(CoinbaseJwt.verify(p[0] + "." + otherUri + "." + p[2], CoinbaseJwt.publicKey(PUBLIC))).isNull();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair other = g.generateKeyPair();
        assertThat(CoinbaseJwt.verify(jwt, other.getPublic())).isNull();
        // a PKCS#8 key signs as well, and a key pasted from JSON with \\n escapes is read
        String pkcs8 = "-----BEGIN PRIVATE KEY-----\\n" + Base64.getEncoder().encodeToString(other.getPrivate().getEncoded())
                + "\\n-----END PRIVATE KEY-----\\n";
        assertThat(CoinbaseJwt.verify(CoinbaseJwt.token("k", CoinbaseJwt.privateKey(pkcs8), "GET", "h/p", Instant.now()),
                other.getPublic())).isNotNull();
        assertThatThrownBy(() -> CoinbaseJwt.privateKey("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----"))
                .hasMessageNotContaining("AAAA");
    }
}
