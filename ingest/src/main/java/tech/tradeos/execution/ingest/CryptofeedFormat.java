package tech.tradeos.execution.ingest;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.PriceLevel;
import tech.tradeos.execution.model.config.TradeosConfig;

/**
 * The router's records written the way cryptofeed's backends write theirs (what {@link CryptofeedMessage} reads):
 * for the demo's {@code --market cryptofeed-*} feeds, the bridge benchmark and tests. The exchange and symbol are the
 * {@code ingest.mappings} entry that maps to the venue and instrument; numbers are JSON numbers (cryptofeed's default
 * {@code numeric_type=float}), times epoch seconds.
 */
public final class CryptofeedFormat {
    /** Exchange and symbol of a venue and instrument. */
    public record Source(String exchange, String symbol) {
    }

    private final Map<String, Source> sources = new HashMap<>();

    public CryptofeedFormat(TradeosConfig.Ingest settings) {
        settings.mappings().forEach((exchange, symbols) -> symbols.forEach((symbol, target) -> sources.put(target, new Source(exchange, symbol))));
    }

    /** The cryptofeed exchange and symbol of {@code venue}'s {@code instrument}, if the mappings have one. */
    public Optional<Source> source(String venue, String instrument) {
        return Optional.ofNullable(sources.get(venue + "/" + instrument));
    }

    /** A snapshot message: {@code {exchange, symbol, book:{bid:{price:size}, ask:{…}}, timestamp, receipt_timestamp}}. */
    public static Map<String, Object> snapshot(Source s, BookSnapshot book, Instant receipt) {
        Map<String, Object> m = header(s);
        Map<String, Object> sides = new LinkedHashMap<>();
        sides.put("bid", levels(book.bids()));
        sides.put("ask", levels(book.asks()));
        m.put("book", sides);
        return times(m, book.timestamp(), receipt);
    }

    /**
     * The delta from {@code before} to {@code after}: every level whose size changed, and size 0 for every level that
     * is gone — {@code {exchange, symbol, delta:{bid:[[price, size]], ask:[…]}, timestamp, receipt_timestamp}}.
     */
    public static Map<String, Object> delta(Source s, BookSnapshot before, BookSnapshot after, Instant receipt) {
        Map<String, Object> m = header(s);
        Map<String, Object> sides = new LinkedHashMap<>();
        sides.put("bid", changes(before.bids(), after.bids()));
        sides.put("ask", changes(before.asks(), after.asks()));
        m.put("delta", sides);
        return times(m, after.timestamp(), receipt);
    }

    /**
     * Funding: {@code {exchange, symbol, mark_price, rate, next_funding_time, predicted_rate, timestamp,
     * receipt_timestamp}}. Kraken Futures' rate is absolute (per contract): the relative rate × {@code mark}.
     */
    public static Map<String, Object> funding(Source s, FundingRate rate, BigDecimal mark, Instant receipt) {
        Map<String, Object> m = header(s);
        boolean absolute = rate.venue().equals(FundingRules.ABSOLUTE_RATE_VENUE);
        m.put("mark_price", mark);
        m.put("rate", absolute ? rate.rate().multiply(mark, MathContext.DECIMAL64) : rate.rate());
        m.put("next_funding_time", seconds(rate.nextFundingTime()));
        m.put("predicted_rate", rate.predictedRate() == null ? null
                : absolute ? rate.predictedRate().multiply(mark, MathContext.DECIMAL64) : rate.predictedRate());
        return times(m, rate.timestamp(), receipt);
    }

    private static Map<String, Object> header(Source s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("exchange", s.exchange());
        m.put("symbol", s.symbol());
        return m;
    }

    private static Map<String, Object> times(Map<String, Object> m, Instant exchange, Instant receipt) {
        m.put("timestamp", seconds(exchange));
        m.put("receipt_timestamp", seconds(receipt));
        return m;
    }

    private static BigDecimal seconds(Instant t) {
        return BigDecimal.valueOf(t.getEpochSecond()).add(BigDecimal.valueOf(t.getNano(), 9)).stripTrailingZeros();
    }

    private static Map<String, BigDecimal> levels(List<PriceLevel> side) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        side.forEach(l -> out.put(l.price().toPlainString(), l.size()));
        return out;
    }

    private static List<List<BigDecimal>> changes(List<PriceLevel> before, List<PriceLevel> after) {
        Map<BigDecimal, BigDecimal> was = new HashMap<>();
        before.forEach(l -> was.put(l.price().stripTrailingZeros(), l.size()));
        List<List<BigDecimal>> out = new ArrayList<>();
        for (PriceLevel l : after) {
            BigDecimal old = was.remove(l.price().stripTrailingZeros());
            if (old == null || old.compareTo(l.size()) != 0) {
                out.add(List.of(l.price(), l.size()));
            }
        }
        was.keySet().forEach(gone -> out.add(List.of(gone, BigDecimal.ZERO)));
        return out;
    }
}
