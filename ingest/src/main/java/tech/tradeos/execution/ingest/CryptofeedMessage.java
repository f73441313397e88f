package tech.tradeos.execution.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tradeos.execution.model.Checks;

/**
 * cryptofeed's messages as its Kafka backend writes them (the JSON of {@code to_dict}): a book snapshot
 * {@code {exchange, symbol, book:{bid:{price:size}, ask:{…}}, timestamp, receipt_timestamp}}, a book delta
 * {@code {exchange, symbol, delta:{bid:[[price,size]], ask:[…]}, timestamp, receipt_timestamp}} (size 0 removes the
 * level), and funding {@code {exchange, symbol, mark_price, rate, next_funding_time, predicted_rate, timestamp,
 * receipt_timestamp}}. Numbers come as JSON numbers or strings (its {@code numeric_type}); timestamps are seconds.
 * Every value is held to the product's bounds; anything else is refused with the reason.
 */
sealed interface CryptofeedMessage {
    String exchange();

    String symbol();

    /** The time staleness is judged from: the exchange's, else cryptofeed's receipt time. */
    Stamp stamp();

    /** A message's time and where it comes from (published as the {@code tradeos.timestamp-source} header). */
    record Stamp(Instant at, boolean exchange) {
        String source() {
            return exchange ? "exchange" : "receipt";
        }
    }

    record Snapshot(String exchange, String symbol, Map<BigDecimal, BigDecimal> bids, Map<BigDecimal, BigDecimal> asks,
                    Stamp stamp) implements CryptofeedMessage {
    }

    record Delta(String exchange, String symbol, List<BigDecimal[]> bids, List<BigDecimal[]> asks, Stamp stamp)
            implements CryptofeedMessage {
    }

    record Funding(String exchange, String symbol, BigDecimal markPrice, BigDecimal rate, BigDecimal predictedRate,
                   Instant nextFundingTime, Stamp stamp) implements CryptofeedMessage {
    }

    /** A book message: a snapshot when it carries {@code book}, a delta when it carries {@code delta}. */
    static CryptofeedMessage book(JsonNode m) {
        String exchange = Checks.text(text(m, "exchange"), "exchange");
        String symbol = Checks.text(text(m, "symbol"), "symbol");
        Stamp at = time(m);
        if (present(m, "book")) {
            return new Snapshot(exchange, symbol, side(m.get("book").path("bid"), "bid"), side(m.get("book").path("ask"), "ask"), at);
        }
        if (present(m, "delta")) {
            return new Delta(exchange, symbol, changes(m.get("delta").path("bid"), "bid"), changes(m.get("delta").path("ask"), "ask"), at);
        }
        throw new IllegalArgumentException("a book message needs 'book' (a snapshot) or 'delta'");
    }

    static Funding funding(JsonNode m) {
        String exchange = Checks.text(text(m, "exchange"), "exchange");
        String symbol = Checks.text(text(m, "symbol"), "symbol");
        BigDecimal rate = Checks.decimal(decimal(m.get("rate"), "rate"), "rate");
        BigDecimal mark = present(m, "mark_price") ? Checks.positive(decimal(m.get("mark_price"), "mark_price"), "mark_price") : null;
        BigDecimal predicted = present(m, "predicted_rate") ? Checks.decimal(decimal(m.get("predicted_rate"), "predicted_rate"), "predicted_rate") : null;
        if (!present(m, "next_funding_time")) {
            throw new IllegalArgumentException("next_funding_time is required");
        }
        return new Funding(exchange, symbol, mark, rate, predicted, seconds(m.get("next_funding_time"), "next_funding_time"), time(m));
    }

    /**
     * The exchange's timestamp. cryptofeed's backends write the receipt time into {@code timestamp} when the exchange
     * gave none, so a timestamp equal to the receipt time (or none at all) is the receipt time.
     */
    private static Stamp time(JsonNode m) {
        Instant receipt = present(m, "receipt_timestamp") ? seconds(m.get("receipt_timestamp"), "receipt_timestamp") : null;
        Instant exchange = present(m, "timestamp") ? seconds(m.get("timestamp"), "timestamp") : null;
        if (exchange == null && receipt == null) {
            throw new IllegalArgumentException("a message needs timestamp or receipt_timestamp");
        }
        return exchange == null || exchange.equals(receipt) ? new Stamp(receipt == null ? exchange : receipt, false)
                : new Stamp(exchange, true);
    }

    /**
     * A field that carries a value: cryptofeed writes a missing one as JSON null (Kafka backend) or as the text
     * {@code None} (its Redis backends' default {@code none_to}).
     */
    private static boolean present(JsonNode m, String field) {
        JsonNode v = m.get(field);
        return v != null && !v.isNull() && !(v.isTextual() && v.asText().equals("None"));
    }

    private static Instant seconds(JsonNode t, String field) {
        BigDecimal s = Checks.decimal(decimal(t, field), field);
        Instant at = Instant.ofEpochSecond(s.longValue(), s.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        return Checks.instant(at, field);
    }

    private static Map<BigDecimal, BigDecimal> side(JsonNode levels, String name) {
        if (!levels.isObject()) {
            throw new IllegalArgumentException("book." + name + " must be an object of price: size");
        }
        if (levels.size() > tech.tradeos.execution.model.BookSnapshot.MAX_LEVELS * 10) {
            throw new IllegalArgumentException("book." + name + " has " + levels.size() + " levels");
        }
        Map<BigDecimal, BigDecimal> out = new LinkedHashMap<>();
        levels.fields().forEachRemaining(e -> out.put(price(new BigDecimal(bounded(e.getKey()))), size(decimal(e.getValue(), "size"))));
        return out;
    }

    private static List<BigDecimal[]> changes(JsonNode levels, String name) {
        if (levels.isMissingNode() || levels.isNull()) {
            return List.of();
        }
        if (!levels.isArray()) {
            throw new IllegalArgumentException("delta." + name + " must be a list of [price, size]");
        }
        List<BigDecimal[]> out = new ArrayList<>();
        for (JsonNode l : levels) {
            if (!l.isArray() || l.size() < 2) {
                throw new IllegalArgumentException("delta." + name + " entries are [price, size]");
            }
            out.add(new BigDecimal[] {price(decimal(l.get(0), "price")), size(decimal(l.get(1), "size"))});
        }
        return out;
    }

    private static BigDecimal price(BigDecimal p) {
        return Checks.positive(p, "price");
    }

    private static BigDecimal size(BigDecimal s) {
        return Checks.nonNegative(s, "size");
    }

    private static BigDecimal decimal(JsonNode n, String field) {
        if (n == null || n.isNull() || !(n.isNumber() || n.isTextual())) {
            throw new IllegalArgumentException(field + " must be a number");
        }
        try {
            return n.isTextual() ? new BigDecimal(bounded(n.asText())) : n.decimalValue();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " is not a number");
        }
    }

    /** A number's text, refused before parsing when it is absurdly long (a billion-digit exponent). */
    private static String bounded(String text) {
        if (text.length() > 64) {
            throw new IllegalArgumentException("a number of " + text.length() + " characters");
        }
        return text;
    }

    private static String text(JsonNode m, String field) {
        JsonNode v = m.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }
}
