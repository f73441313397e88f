package tech.tradeos.execution.app.simulation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.Market;
import tech.tradeos.execution.model.PriceLevel;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.config.VenueConfig;

/**
 * A simulated market for the demo and the replay's generated day: per instrument a random-walk mid (ETH and SOL
 * correlated with BTC), per venue a drifting basis, its own spread and depth, now and then a thin top of book or a
 * feed that goes silent for a while (so books go stale); perps publish funding on their own schedule (Kraken Futures
 * hourly, Binance and Bybit every 8 h) in {@link FundingRegime}s that last hours: every perp starts HOT (so the
 * first minutes already show carry deciding a route), then each drifts through CALM, HOT and NEGATIVE on its own.
 */
public final class MarketSimulator {
    static final Map<String, Double> START = Map.of("BTC-USD", 67_000.0, "ETH-USD", 3_500.0, "SOL-USD", 150.0);
    private static final Map<String, Double> SPREAD_BPS = Map.of("KRAKEN_SPOT", 1.0, "COINBASE", 0.6, "GEMINI", 2.0,
            "KRAKEN_FUTURES", 0.8, "BINANCE_SPOT", 0.2, "BINANCE_FUTURES", 0.2, "BYBIT_SPOT", 0.5, "BYBIT_PERP", 0.4);
    private static final Map<String, BigDecimal> TICK = Map.of("BTC-USD", new BigDecimal("0.1"),
            "ETH-USD", new BigDecimal("0.01"), "SOL-USD", new BigDecimal("0.001"));
    private static final Map<String, Integer> FUNDING_HOURS = Map.of("KRAKEN_FUTURES", 1, "BINANCE_FUTURES", 8, "BYBIT_PERP", 8);

    private final Random random;
    private final Clock clock;
    private final List<String> instruments;
    private final Map<String, VenueConfig> venues;
    private final Map<String, Double> mids = new HashMap<>();
    private final Map<String, Double> basis = new HashMap<>();
    private final Map<String, Long> silentUntil = new HashMap<>();
    private final Map<String, Long> sequence = new HashMap<>();
    private final Map<String, FundingRegime> regimes = new HashMap<>();
    private final Map<String, Long> regimeUntil = new HashMap<>();
    private final Map<String, Long> fundingSequence = new HashMap<>();

    public MarketSimulator(TradeosConfig config, List<String> instruments, Random random, Clock clock) {
        this.random = random;
        this.clock = clock;
        this.instruments = instruments;
        this.venues = config.venues();
        instruments.forEach(i -> mids.put(i, START.getOrDefault(i, 100.0)));
    }

    /** One tick: the mids move, and every live feed publishes a fresh book. */
    public void tick(BiConsumer<String, BookSnapshot> publish) {
        double common = random.nextGaussian();
        for (String instrument : instruments) {
            double z = instrument.equals("BTC-USD") ? common : 0.8 * common + 0.6 * random.nextGaussian();
            mids.put(instrument, mids.get(instrument) * Math.exp(0.0004 * z));
        }
        long now = clock.millis();
        for (var venue : venues.entrySet()) {
            for (String instrument : instruments) {
                if (!venue.getValue().lists(instrument)) {
                    continue;
                }
                String key = venue.getKey() + ":" + instrument;
                if (now < silentUntil.getOrDefault(key, 0L)) {
                    continue;
                }
                if (random.nextDouble() < 0.002) {
                    silentUntil.put(key, now + 6_000 + random.nextInt(9_000)); // the feed goes quiet: its book goes stale
                }
                publish.accept(key, book(venue.getKey(), instrument, Instant.ofEpochMilli(now)));
            }
        }
    }

    private BookSnapshot book(String venue, String instrument, Instant at) {
        String key = venue + ":" + instrument;
        double b = basis.getOrDefault(key, 0.0) * 0.95 + 0.5 * random.nextGaussian(); // bps, mean-reverting
        basis.put(key, b);
        double mid = mids.get(instrument) * (1 + b / 10_000);
        double halfSpread = mid * SPREAD_BPS.getOrDefault(venue, 1.0) / 20_000;
        double step = mid * 0.5 / 10_000;
        double depth = instrument.equals("BTC-USD") ? 0.4 : instrument.equals("ETH-USD") ? 6 : 150;
        boolean thin = random.nextDouble() < 0.05;
        List<PriceLevel> bids = new ArrayList<>();
        List<PriceLevel> asks = new ArrayList<>();
        BigDecimal lastBid = null;
        BigDecimal lastAsk = null;
        BigDecimal tick = TICK.getOrDefault(instrument, new BigDecimal("0.01"));
        for (int i = 0; i < 20; i++) {
            double size = depth * (0.5 + random.nextDouble()) * (1 + i * 0.15) * (thin && i == 0 ? 0.02 : 1);
            // bids round down and asks up to the tick, so the book never crosses
            BigDecimal bid = price(mid - halfSpread - i * step, tick, RoundingMode.FLOOR);
            BigDecimal ask = price(mid + halfSpread + i * step, tick, RoundingMode.CEILING);
            if (ask.compareTo(bid) <= 0) {
                ask = bid.add(tick);
            }
            if (lastBid == null || bid.compareTo(lastBid) < 0) {
                bids.add(new PriceLevel(bid, size(size)));
                lastBid = bid;
            }
            if (lastAsk == null || ask.compareTo(lastAsk) > 0) {
                asks.add(new PriceLevel(ask, size(size)));
                lastAsk = ask;
            }
        }
        long seq = sequence.merge(key, 1L, Long::sum);
        return new BookSnapshot(venue, instrument, at, seq, bids, asks);
    }

    /** Funding for every perp and instrument, next settlement on the venue's own schedule. */
    public List<FundingRate> funding() {
        List<FundingRate> out = new ArrayList<>();
        Instant now = clock.instant();
        for (var venue : venues.entrySet()) {
            if (venue.getValue().market() != Market.PERP) {
                continue;
            }
            int hours = FUNDING_HOURS.getOrDefault(venue.getKey(), 8);
            long interval = hours * 3_600_000L;
            FundingRegime regime = regime(venue.getKey(), now.toEpochMilli());
            Instant next = Instant.ofEpochMilli((now.toEpochMilli() / interval + 1) * interval);
            for (String instrument : instruments) {
                if (!venue.getValue().lists(instrument)) {
                    continue;
                }
                double rate = regime.rate(hours, random.nextGaussian());
                BigDecimal r = BigDecimal.valueOf(rate).setScale(8, RoundingMode.HALF_EVEN);
                BigDecimal predicted = BigDecimal.valueOf(rate + random.nextGaussian() * 0.00001).setScale(8, RoundingMode.HALF_EVEN);
                BigDecimal mark = BigDecimal.valueOf(mids.get(instrument)).round(new java.math.MathContext(8));
                long seq = fundingSequence.merge(venue.getKey() + ":" + instrument, 1L, Long::sum);
                out.add(new FundingRate(venue.getKey(), instrument, now, seq, r, predicted, next, hours, mark));
            }
        }
        return out;
    }

    /** The venue's funding regime at {@code nowMillis}: HOT at first, then a new one every 2–6 hours. */
    public FundingRegime regime(String venue, long nowMillis) {
        Long until = regimeUntil.get(venue);
        if (until == null) {
            regimes.put(venue, FundingRegime.HOT);
            regimeUntil.put(venue, nowMillis + 3_600_000L * (1 + random.nextInt(3)));
        } else if (nowMillis >= until) {
            double u = random.nextDouble();
            regimes.put(venue, u < 0.5 ? FundingRegime.CALM : u < 0.75 ? FundingRegime.HOT : FundingRegime.NEGATIVE);
            regimeUntil.put(venue, nowMillis + 3_600_000L * (2 + random.nextInt(5)));
        }
        return regimes.get(venue);
    }

    public double mid(String instrument) {
        return mids.get(instrument);
    }

    private static BigDecimal price(double p, BigDecimal tick, RoundingMode mode) {
        return BigDecimal.valueOf(p).divide(tick, 0, mode).multiply(tick);
    }

    private static BigDecimal size(double s) {
        return BigDecimal.valueOf(Math.max(s, 0.0001)).setScale(4, RoundingMode.HALF_EVEN);
    }
}
