package tech.tradeos.execution.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.executor.sim.Faults;
import tech.tradeos.execution.executor.sim.VenueSimulator;
import tech.tradeos.execution.model.OrderState;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.Side;

/** Bybit v5 spot and linear through {@link LiveVenueContract}, and a 10006 rate limit that placed nothing. */
class BybitExecutionIT extends LiveVenueContract {
    private static final String SPOT_SECRET = "bybit-spot-secret-for-tests-only";
    private static final String PERP_SECRET = "bybit-perp-secret-for-tests-only";

    @Override
    String venue() {
        return "BYBIT_SPOT";
    }

    @Override
    String perpVenue() {
        return "BYBIT_PERP";
    }

    @Override
    String symbol() {
        return "BTCUSDT";
    }

    @Override
    Map<String, VenueSimulator.Account> accounts() {
        return Map.of("BYBIT_SPOT", new VenueSimulator.Account("spot-key", SPOT_SECRET), "BYBIT_PERP", new VenueSimulator.Account("perp-key", PERP_SECRET));
    }

    @Override
    Map<String, String> env(int port, boolean wrongCredentials) {
        Map<String, String> venues = new HashMap<>(venueEnv("BYBIT_SPOT", port, "spot-key", wrongCredentials ? PERP_SECRET : SPOT_SECRET));
        venues.putAll(venueEnv("BYBIT_PERP", port, "perp-key", PERP_SECRET));
        return base(venues);
    }

    @Override
    String rejectReason() {
        return "BYBIT_SPOT: 170131 Balance insufficient";
    }

    @Override
    String wrongCredentialsReason() {
        return "BYBIT_SPOT: 10004 Error sign, please check your signature generation algorithm.";
    }

    @Override
    String partialStatusWord() {
        return "PartiallyFilledCanceled";
    }

    @Test
    void aRateLimitAnswerIsInDoubtAndTheOrderIsLookedUpNotRejectedBlindly() throws Exception {
        sim.faults(new Faults(0, 0, 1, 0, 0, 0, 1)); // every placement answered 10006: nothing was placed
        RoutedOrder o = order("BYBIT_PERP", Side.BUY, "0.5");
        OrderExecution.Result r = execution.execute(o);
        assertThat(states(r)).as("in doubt until absence is certain").containsExactly(OrderState.NEW, OrderState.UNKNOWN);
        assertThat(r.reason()).contains("10006");
        execution.journal().settle(o.orderId(), OrderState.UNKNOWN, r.reason());
        advance(java.time.Duration.ofMinutes(2));
        OrderExecution.Result later = execution.resolve(execution.journal().get(o.orderId()).orElseThrow());
        assertThat(states(later)).containsExactly(OrderState.REJECTED);
        assertThat(later.updates().get(0).reason()).startsWith("never reached the venue");
        assertThat(state("BYBIT_PERP", "orders")).isZero();
    }
}
