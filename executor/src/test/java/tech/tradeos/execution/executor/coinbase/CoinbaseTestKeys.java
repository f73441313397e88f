package tech.tradeos.execution.executor.coinbase;

/** A P-256 key pair made for the tests with openssl, in the formats Coinbase and openssl write (never a real key). */
public final class CoinbaseTestKeys {
    /** A SEC1 key as `openssl ecparam -genkey -name prime256v1 -noout` writes it (test-only). */
    public static final String SEC1 = """
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEIAwZMMNkyTfO6qHj+kUpIjQFZyIi8O9Q855XycmMaBLKoAoGCCqGSM49
            AwEHoUQDQgAEYZ58PpIikOD2P2f5UBDMiZraEroDxsRKvF5VmYvEn2kWgeKxEXla
            6uuLWx1DKlyk5QmMd2NqOqXNcS1cHtE51w==
            -----END EC PRIVATE KEY-----
            """;
    /** Its public key, as `openssl ec -pubout` writes it. */
    public static final String PUBLIC = """
            -----BEGIN PUBLIC KEY-----
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEYZ58PpIikOD2P2f5UBDMiZraEroD
            xsRKvF5VmYvEn2kWgeKxEXla6uuLWx1DKlyk5QmMd2NqOqXNcS1cHtE51w==
            -----END PUBLIC KEY-----
            """;

    private CoinbaseTestKeys() {
    }
}
