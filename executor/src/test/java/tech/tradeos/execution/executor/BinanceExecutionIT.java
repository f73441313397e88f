package tech.tradeos.execution.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.executor.sim.VenueSimulator;
import tech.tradeos.execution.model.OrderState;
import tech.tradeos.execution.model.Side;

/** Binance spot and USDⓈ-M through {@link LiveVenueContract}, and a venue clock ahead of ours (-1021, then synced). */
class BinanceExecutionIT extends LiveVenueContract {
    private static final String SPOT_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private static final String FUTURES_SECRET = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9";

    @Override
    String venue() {
        return "BINANCE_SPOT";
    }

    @Override
    String perpVenue() {
        return "BINANCE_FUTURES";
    }

    @Override
    String symbol() {
        return "BTCUSDT";
    }

    @Override
    Map<String, VenueSimulator.Account> accounts() {
        return Map.of("BINANCE_SPOT", new VenueSimulator.Account("spot-key", SPOT_SECRET),
                "BINANCE_FUTURES", new VenueSimulator.Account("futures-key", FUTURES_SECRET));
    }

    @Override
    Map<String, String> env(int port, boolean wrongCredentials) {
        Map<String, String> venues = new HashMap<>(venueEnv("BINANCE_SPOT", port, "spot-key", wrongCredentials ? FUTURES_SECRET : SPOT_SECRET));
        venues.putAll(venueEnv("BINANCE_FUTURES", port, "futures-key", FUTURES_SECRET));
        return base(venues);
    }

    @Override
    String rejectReason() {
        return "BINANCE_SPOT: -2010 Account has insufficient balance for requested action.";
    }

    @Override
    String wrongCredentialsReason() {
        return "BINANCE_SPOT: -1022 Signature for this request is not valid.";
    }

    @Override
    String partialStatusWord() {
        return "EXPIRED";
    }

    @Test
    void aVenueClockAheadOfOursIsReadAfterA1021AndTheOrderGoesThrough() throws Exception {
        sim.binanceClockAhead(20_000); // beyond the 5 s recvWindow: every request on our clock is refused with -1021
        OrderExecution.Result r = execution.execute(order("BINANCE_SPOT", Side.BUY, "0.5"));
        assertThat(states(r)).containsExactly(OrderState.NEW, OrderState.ACKED, OrderState.FILLED);
        assertThat(state("BINANCE_SPOT", "maxPlacementsPerClientId")).isEqualTo(1);
    }
}
