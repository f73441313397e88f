package tech.tradeos.execution.executor;

import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import tech.tradeos.execution.executor.coinbase.CoinbaseTestKeys;
import tech.tradeos.execution.executor.sim.VenueSimulator;

/**
 * Coinbase Advanced Trade through {@link LiveVenueContract}: each request's ES256 JWT verified with the key's public
 * half; its products endpoint is authenticated, so wrong credentials stop an order before it is sent.
 */
class CoinbaseExecutionIT extends LiveVenueContract {
    private static final String KEY_NAME = "organizations/tradeos-test/apiKeys/executor";

    @Override
    String venue() {
        return "COINBASE";
    }

    @Override
    String perpVenue() {
        return null;
    }

    @Override
    String symbol() {
        return "BTC-USD";
    }

    @Override
    Map<String, VenueSimulator.Account> accounts() {
        return Map.of("COINBASE", new VenueSimulator.Account(KEY_NAME, CoinbaseTestKeys.PUBLIC));
    }

    @Override
    Map<String, String> env(int port, boolean wrongCredentials) {
        return base(venueEnv("COINBASE", port, KEY_NAME, wrongCredentials ? otherKey() : CoinbaseTestKeys.SEC1));
    }

    private static String otherKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return "-----BEGIN PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(g.generateKeyPair().getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    String rejectReason() {
        return "COINBASE: INSUFFICIENT_FUND Insufficient balance in source account";
    }

    @Override
    String wrongCredentialsReason() {
        return "unauthorized invalid signature";
    }

    @Override
    String partialStatusWord() {
        return "CANCELLED";
    }

    @Override
    boolean rulesNeedCredentials() {
        return true;
    }
}
