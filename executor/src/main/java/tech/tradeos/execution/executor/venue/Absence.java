package tech.tradeos.execution.executor.venue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When an order the executor may have sent, and that no lookup finds, is known never to have been placed
 * (docs/README.md §Live execution, "UNKNOWN and how it resolves"). Only then may it be published REJECTED "never
 * reached the venue"; before, it is UNKNOWN and its instrument stays held.
 * <ul>
 *   <li>Kraken Spot: the order carries {@code deadline} ("the engine will not match the order after it", AddOrder);
 *       absence is final once the deadline has passed and a lookup after it still finds nothing — 5 s later, for the
 *       closed-orders view to catch up.</li>
 *   <li>Binance spot and USDⓈ-M: 5xx and -1007 are "execution status unknown"; the API's own backend timeout is 10 s
 *       and a just-placed order can answer -2013 for a moment (the query reads memory, then the database). Absence
 *       is taken as final {@code executor.absence-margin-ms} (60 s) after the claim — a margin over both, not a documented
 *       guarantee.</li>
 *   <li>Bybit, Coinbase, Gemini: their order history by client id is read by the adapters (order/history, the
 *       historical batch, order/status); absence is taken as final after the same margin.</li>
 *   <li>Kraken Futures: {@code orders/status} forgets an order 5 s after it closed and the documented fills carry no
 *       client id, so absence cannot be proven: the order stays UNKNOWN until found or resolved by an operator
 *       ({@code tradeos control resolve}).</li>
 * </ul>
 */
public final class Absence {
    static final Duration AFTER_DEADLINE = Duration.ofSeconds(5);

    private Absence() {
    }

    /** From when on "not found" means "never placed", for an order claimed at {@code claimedAt}; empty: never. */
    public static Optional<Instant> finalFrom(String venue, Instant claimedAt, Instant venueDeadline, Duration margin) {
        return switch (venue) {
            case "KRAKEN_SPOT" -> Optional.ofNullable(venueDeadline).map(d -> d.plus(AFTER_DEADLINE));
            case "BINANCE_SPOT", "BINANCE_FUTURES", "BYBIT_SPOT", "BYBIT_PERP", "COINBASE", "GEMINI" ->
                    Optional.of(claimedAt.plus(margin));
            default -> Optional.empty();
        };
    }

    /** Whether the venue matches nothing after the request's {@code deadline} (only Kraken Spot's AddOrder takes one). */
    public static boolean honoursDeadline(String venue) {
        return venue.equals("KRAKEN_SPOT");
    }
}
