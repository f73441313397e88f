package tech.tradeos.execution.executor;

import java.util.Map;
import tech.tradeos.execution.executor.sim.VenueSimulator;

/** Gemini through {@link LiveVenueContract}: the payload's HMAC-SHA384, its request path and nonce checked. */
class GeminiExecutionIT extends LiveVenueContract {
    private static final String SECRET = "gemini-secret-for-tests-only";

    @Override
    String venue() {
        return "GEMINI";
    }

    @Override
    String perpVenue() {
        return null;
    }

    @Override
    String symbol() {
        return "btcusd";
    }

    @Override
    Map<String, VenueSimulator.Account> accounts() {
        return Map.of("GEMINI", new VenueSimulator.Account("gemini-key", SECRET));
    }

    @Override
    Map<String, String> env(int port, boolean wrongCredentials) {
        return base(venueEnv("GEMINI", port, "gemini-key", wrongCredentials ? SECRET + "x" : SECRET));
    }

    @Override
    String rejectReason() {
        return "GEMINI: InsufficientFunds Failed to place buy order";
    }

    @Override
    String wrongCredentialsReason() {
        return "GEMINI: InvalidSignature";
    }

    @Override
    String partialStatusWord() {
        return "cancelled";
    }
}
