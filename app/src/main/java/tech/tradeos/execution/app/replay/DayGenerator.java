package tech.tradeos.execution.app.replay;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import tech.tradeos.execution.app.simulation.MarketSimulator;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.Direction;
import tech.tradeos.execution.model.Market;
import tech.tradeos.execution.model.Region;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;

/**
 * Writes a day of market data and intents for {@code tradeos replay} (docs/README.md §Replay): the demo's simulated
 * market ({@link MarketSimulator}: its funding regimes, thin tops and silent feeds) ticking every {@code tick} on a
 * simulated clock, funding records every 5 minutes, and an intent stream of opens (longs and shorts, holds of 1–72 h)
 * each closed when its hold ends (when that falls inside the day). Every file is one JSON message per line, in time
 * order. The same seed writes the same files.
 */
public final class DayGenerator {
    private static final List<String> INSTRUMENTS = List.of("BTC-USD", "ETH-USD", "SOL-USD");
    private static final List<String> SIGNALS = List.of("momentum", "mean-reversion", "breakout", "carry");
    private static final Map<String, Double> LOT = Map.of("BTC-USD", 0.05, "ETH-USD", 0.8, "SOL-USD", 20.0);
    private static final Duration FUNDING_EVERY = Duration.ofMinutes(5);

    /** What was written. */
    public record Written(Path books, Path funding, Path intents, long bookCount, long fundingCount, long intentCount) {
    }

    private static final class SimClock extends Clock {
        private Instant now;

        SimClock(Instant start) {
            this.now = start;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private DayGenerator() {
    }

    /**
     * Writes {@code hours} of data from {@code start} into {@code dir} (books.jsonl, funding.jsonl, intents.jsonl):
     * a book per venue and instrument every {@code tick}, an intent about every {@code intentEvery}.
     */
    public static Written write(TradeosConfig config, Path dir, Instant start, Duration length, Duration tick,
                                Duration intentEvery, long seed) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        SimClock clock = new SimClock(start);
        MarketSimulator market = new MarketSimulator(config, INSTRUMENTS, new Random(random.nextLong()), clock);
        Random intentRandom = new Random(random.nextLong());
        Path booksFile = dir.resolve("books.jsonl");
        Path fundingFile = dir.resolve("funding.jsonl");
        Path intentsFile = dir.resolve("intents.jsonl");
        long books = 0;
        long funding = 0;
        long intents = 0;
        // closes wait here until their time comes
        PriorityQueue<ApprovedIntent> closes = new PriorityQueue<>(Comparator.comparing(ApprovedIntent::createdAt)
                .thenComparing(ApprovedIntent::intentId));
        Instant end = start.plus(length);
        Instant nextFunding = start;
        Instant nextIntent = start.plus(tick).plusMillis(700);
        long sequence = 0;
        try (BufferedWriter b = Files.newBufferedWriter(booksFile, StandardCharsets.UTF_8);
             BufferedWriter f = Files.newBufferedWriter(fundingFile, StandardCharsets.UTF_8);
             BufferedWriter i = Files.newBufferedWriter(intentsFile, StandardCharsets.UTF_8)) {
            for (Instant now = start; now.isBefore(end); now = now.plus(tick)) {
                clock.now = now;
                List<String> lines = new ArrayList<>();
                market.tick((key, book) -> lines.add(Json.text(book)));
                for (String line : lines) {
                    b.write(line);
                    b.newLine();
                }
                books += lines.size();
                if (!now.isBefore(nextFunding)) {
                    for (var rate : market.funding()) {
                        f.write(Json.text(rate));
                        f.newLine();
                        funding++;
                    }
                    nextFunding = nextFunding.plus(FUNDING_EVERY);
                }
                // intents in this tick: after its books (so they are fresh), before the next tick
                Instant tickEnd = now.plus(tick);
                while (!closes.isEmpty() && closes.peek().createdAt().isBefore(tickEnd)) {
                    i.write(Json.text(closes.poll()));
                    i.newLine();
                    intents++;
                }
                while (nextIntent.isBefore(tickEnd)) {
                    ApprovedIntent open = open(config.region(), intentRandom, nextIntent, sequence++);
                    i.write(Json.text(open));
                    i.newLine();
                    intents++;
                    Instant closeAt = open.createdAt().plusSeconds(open.expectedHoldHours().longValue() * 3600);
                    if (closeAt.isBefore(end)) {
                        // a close lands 700 ms into its tick too, after that tick's books
                        Instant aligned = align(closeAt, start, tick).plusMillis(700);
                        closes.add(new ApprovedIntent("close-" + open.intentId(), open.instrument(), open.direction(),
                                Action.CLOSE, open.quantity(), Market.ANY, open.signalType(), 0.7, BigDecimal.ZERO, aligned));
                    }
                    long gap = Math.max(tick.toMillis(), (long) (intentEvery.toMillis() * (0.5 + intentRandom.nextDouble())));
                    nextIntent = align(nextIntent.plusMillis(gap), start, tick).plusMillis(700);
                }
            }
        }
        return new Written(booksFile, fundingFile, intentsFile, books, funding, intents);
    }

    private static ApprovedIntent open(Region region, Random random, Instant at, long sequence) {
        String instrument = INSTRUMENTS.get(random.nextInt(INSTRUMENTS.size()));
        Direction direction = random.nextDouble() < (region == Region.US ? 0.25 : 0.4) ? Direction.SHORT : Direction.LONG;
        BigDecimal qty = BigDecimal.valueOf(LOT.get(instrument) * (0.2 + random.nextDouble() * 1.8))
                .setScale(4, RoundingMode.HALF_EVEN);
        int hold = 1 + random.nextInt(72);
        return new ApprovedIntent("day-" + sequence, instrument, direction, Action.OPEN, qty, Market.ANY,
                SIGNALS.get(random.nextInt(SIGNALS.size())), 0.55 + random.nextDouble() * 0.4, BigDecimal.valueOf(hold), at);
    }

    /** The start of the tick {@code at} falls in. */
    private static Instant align(Instant at, Instant start, Duration tick) {
        long k = Duration.between(start, at).toMillis() / tick.toMillis();
        return start.plusMillis(k * tick.toMillis());
    }
}
