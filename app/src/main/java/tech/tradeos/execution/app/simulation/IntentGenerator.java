package tech.tradeos.execution.app.simulation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.Direction;
import tech.tradeos.execution.model.Market;
import tech.tradeos.execution.model.Region;

/**
 * Approved intents as an upstream strategy would send them: several signal types, longs and shorts
 * (US shorts can only go to Kraken Futures), opens and the closes of what it opened, hold periods
 * from an hour to four days. Per instrument it holds one direction at a time, closing lots before it
 * turns around.
 */
public final class IntentGenerator {
    private static final List<String> SIGNALS = List.of("momentum", "mean-reversion", "breakout", "carry");
    private static final Map<String, Double> LOT = Map.of("BTC-USD", 0.05, "ETH-USD", 0.8, "SOL-USD", 20.0);

    private record Lot(Direction direction, BigDecimal quantity, String signal) {
    }

    private final Random random;
    private final Clock clock;
    private final List<String> instruments;
    private final Region region;
    private final Map<String, Deque<Lot>> open = new HashMap<>();
    private long next;

    public IntentGenerator(List<String> instruments, Region region, Random random, Clock clock) {
        this.instruments = instruments;
        this.region = region;
        this.random = random;
        this.clock = clock;
    }

    public ApprovedIntent next() {
        String instrument = instruments.get(random.nextInt(instruments.size()));
        Deque<Lot> lots = open.computeIfAbsent(instrument, i -> new ArrayDeque<>());
        String id = "demo-" + clock.millis() + "-" + (next++);
        if (!lots.isEmpty() && (random.nextDouble() < 0.25 || lots.size() >= 6)) {
            Lot lot = lots.pollFirst();
            return new ApprovedIntent(id, instrument, lot.direction(), Action.CLOSE, lot.quantity(), Market.ANY,
                    lot.signal(), 0.7, BigDecimal.ZERO, clock.instant());
        }
        Direction direction = lots.isEmpty()
                ? (random.nextDouble() < (region == Region.US ? 0.25 : 0.4) ? Direction.SHORT : Direction.LONG)
                : lots.peekFirst().direction();
        BigDecimal qty = BigDecimal.valueOf(LOT.getOrDefault(instrument, 1.0) * (0.2 + random.nextDouble() * 1.8))
                .setScale(4, RoundingMode.HALF_EVEN);
        String signal = SIGNALS.get(random.nextInt(SIGNALS.size()));
        int hold = 1 + random.nextInt(96);
        lots.addLast(new Lot(direction, qty, signal));
        return new ApprovedIntent(id, instrument, direction, Action.OPEN, qty, Market.ANY, signal,
                0.55 + random.nextDouble() * 0.4, BigDecimal.valueOf(hold), clock.instant());
    }
}
