package tech.tradeos.execution.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.Direction;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.Market;
import tech.tradeos.execution.model.PriceLevel;
import tech.tradeos.execution.model.Side;

class MessageJsonTest {
    private static final String SPEC_INTENT = """
            {"intentId":"i-42","instrument":"BTC-USD","direction":"LONG","action":"OPEN","quantity":"0.5",
             "market":"ANY","signalType":"momentum","confidence":0.81,"expectedHoldHours":48,
             "createdAt":"2026-11-25T10:00:00Z"}""";
    private static final String SPEC_BOOK = """
            {"venue":"KRAKEN_SPOT","instrument":"BTC-USD","timestamp":"2026-11-25T09:59:59.800Z","sequence":1841,
             "bids":[["67000.1","0.52"],["66999.0","1.10"]],"asks":[["67000.4","0.30"],["67001.2","2.00"]]}""";

    @Test
    void readsTheSpecIntent() throws Exception {
        ApprovedIntent intent = Json.read(SPEC_INTENT, ApprovedIntent.class);
        assertThat(intent.intentId()).isEqualTo("i-42");
        assertThat(intent.direction()).isEqualTo(Direction.LONG);
        assertThat(intent.action()).isEqualTo(Action.OPEN);
        assertThat(intent.quantity()).isEqualByComparingTo("0.5");
        assertThat(intent.expectedHoldHours()).isEqualByComparingTo("48");
        assertThat(intent.createdAt()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(intent.side()).isEqualTo(Side.BUY);
    }

    @Test
    void decimalsMayArriveAsNumbersWithoutLosingDigits() throws Exception {
        ApprovedIntent intent = Json.read(SPEC_INTENT.replace("\"0.5\"", "0.123456789012345678901"), ApprovedIntent.class);
        assertThat(intent.quantity()).isEqualTo(new BigDecimal("0.123456789012345678901"));
    }

    @Test
    void marketDefaultsToAnyAndHoldToZero() throws Exception {
        ApprovedIntent intent = Json.read(SPEC_INTENT.replace("\"market\":\"ANY\",", "")
                .replace(",\"expectedHoldHours\":48", ""), ApprovedIntent.class);
        assertThat(intent.market()).isEqualTo(Market.ANY);
        assertThat(intent.expectedHoldHours()).isEqualByComparingTo("0");
    }

    @Test
    void writesDecimalsAsPlainStrings() throws Exception {
        ApprovedIntent intent = Json.read(SPEC_INTENT.replace("\"0.5\"", "1E+2"), ApprovedIntent.class);
        JsonNode out = Json.toTree(intent);
        assertThat(out.get("quantity").isTextual()).isTrue();
        assertThat(out.get("quantity").asText()).isEqualTo("100");
        assertThat(out.get("createdAt").asText()).isEqualTo("2026-11-25T10:00:00Z");
    }

    @Test
    void sideFollowsActionAndDirection() {
        assertThat(Side.of(Action.OPEN, Direction.LONG)).isEqualTo(Side.BUY);
        assertThat(Side.of(Action.CLOSE, Direction.SHORT)).isEqualTo(Side.BUY);
        assertThat(Side.of(Action.OPEN, Direction.SHORT)).isEqualTo(Side.SELL);
        assertThat(Side.of(Action.CLOSE, Direction.LONG)).isEqualTo(Side.SELL);
    }

    @Test
    void invalidIntentsAreExplainedByField() {
        assertThat(problem(SPEC_INTENT.replace("\"0.5\"", "\"-1\""))).isEqualTo("quantity must be > 0, got -1");
        assertThat(problem(SPEC_INTENT.replace("\"0.5\"", "0"))).isEqualTo("quantity must be > 0, got 0");
        assertThat(problem(SPEC_INTENT.replace("\"intentId\":\"i-42\",", ""))).isEqualTo("intentId is required (non-empty text)");
        assertThat(problem(SPEC_INTENT.replace("\"LONG\"", "\"UP\""))).isEqualTo("direction: 'UP' is not one of [LONG, SHORT]");
        assertThat(problem(SPEC_INTENT.replace("\"0.5\"", "\"lots\""))).startsWith("quantity: ");
        assertThat(problem(SPEC_INTENT.replace(",\n \"createdAt\":\"2026-11-25T10:00:00Z\"", "")))
                .isEqualTo("createdAt is required");
        assertThat(problem(SPEC_INTENT.replace("0.81", "1.5"))).isEqualTo("confidence must be between 0 and 1, got 1.5");
        assertThat(problem("{\"intentId\":")).startsWith("malformed JSON at line 1");
    }

    @Test
    void readsTheSpecBookWithLevelsAsArrays() throws Exception {
        BookSnapshot book = Json.read(SPEC_BOOK, BookSnapshot.class);
        assertThat(book.bids()).containsExactly(PriceLevel.of("67000.1", "0.52"), PriceLevel.of("66999.0", "1.10"));
        assertThat(book.asks().get(1).size()).isEqualTo(new BigDecimal("2.00"));
        assertThat(book.sequence()).isEqualTo(1841L);
        JsonNode out = Json.toTree(book);
        assertThat(out.get("asks").get(0).get(0).asText()).isEqualTo("67000.4");
        assertThat(out.get("asks").get(0).get(1).asText()).isEqualTo("0.30");
    }

    @Test
    void invalidBooksAreRefusedWithTheReason() {
        assertThat(bookProblem(SPEC_BOOK.replace("[\"66999.0\",\"1.10\"]", "[\"67000.2\",\"1.10\"]")))
                .isEqualTo("bids must be strictly descending: level 1 price 67000.2 after 67000.1");
        assertThat(bookProblem(SPEC_BOOK.replace("[\"67001.2\",\"2.00\"]", "[\"67000.4\",\"2.00\"]")))
                .isEqualTo("asks must be strictly ascending: level 1 price 67000.4 after 67000.4");
        assertThat(bookProblem(SPEC_BOOK.replace("\"67000.4\",\"0.30\"", "\"67000.0\",\"0.30\"")))
                .isEqualTo("crossed book: best bid 67000.1 is not below best ask 67000.0");
        assertThat(bookProblem(SPEC_BOOK.replace("\"0.52\"", "\"0\""))).isEqualTo("bids[0]: size must be > 0, got 0");
        assertThat(bookProblem(SPEC_BOOK.replace("\"0.52\"", "\"-0.52\""))).isEqualTo("bids[0]: size must be > 0, got -0.52");
        assertThat(bookProblem(SPEC_BOOK.replace("\"timestamp\":\"2026-11-25T09:59:59.800Z\",", "")))
                .isEqualTo("timestamp is required");
        assertThat(bookProblem("{\"venue\":\"X\",\"instrument\":\"BTC-USD\",\"timestamp\":\"2026-11-25T09:59:59Z\",\"bids\":[],\"asks\":[]}"))
                .isEqualTo("book has no levels (bids and asks are both empty)");
    }

    @Test
    void fundingNeedsItsIntervalFromTheRecord() {
        String funding = """
                {"venue":"KRAKEN_FUTURES","instrument":"BTC-USD","timestamp":"2026-11-25T09:59:00Z",
                 "rate":"0.0001","predictedRate":"0.00012","nextFundingTime":"2026-11-25T16:00:00Z","intervalHours":1}""";
        assertThatThrownBy(() -> Json.read(funding.replace(",\"intervalHours\":1", ""), FundingRate.class))
                .satisfies(e -> assertThat(Json.describe(e)).isEqualTo("intervalHours is required"));
        assertThatThrownBy(() -> Json.read(funding.replace("\"intervalHours\":1", "\"intervalHours\":0"), FundingRate.class))
                .satisfies(e -> assertThat(Json.describe(e)).isEqualTo("intervalHours must be between 1 and 168, got 0"));
    }

    @Test
    void fundingLaterRateFallsBackToTheCurrentRate() throws Exception {
        FundingRate f = Json.read("""
                {"venue":"K","instrument":"BTC-USD","timestamp":"2026-11-25T09:59:00Z","rate":0.0003,
                 "nextFundingTime":"2026-11-25T16:00:00Z","intervalHours":8}""", FundingRate.class);
        assertThat(f.laterRate()).isEqualByComparingTo("0.0003");
        assertThat(f.sequence()).isZero();
    }

    @Test
    void aRoutedOrderCarriesItsCounterfactualAndOneWrittenBeforeItStillReads() throws Exception {
        tech.tradeos.execution.model.RoutedOrder order = new tech.tradeos.execution.model.RoutedOrder("ord-1", "i-1",
                "BTC-USD", "KRAKEN_FUTURES", "PF_XBTUSD", Market.PERP, Side.BUY, new BigDecimal("0.5"), "MARKET",
                tech.tradeos.execution.model.Mode.PAPER, tech.tradeos.execution.model.Decision.BEST_COST,
                new BigDecimal("67020"), new BigDecimal("16.755"), BigDecimal.ZERO, new BigDecimal("33526.755"),
                BigDecimal.ZERO, new BigDecimal("67015"), "momentum", Action.OPEN, Direction.LONG, BigDecimal.ZERO,
                Instant.parse("2026-11-25T10:00:00Z"), Instant.parse("2026-11-25T10:00:00.002Z"), java.util.List.of(),
                tech.tradeos.execution.model.Counterfactual.of("KRAKEN_SPOT", new BigDecimal("33634.36144"),
                        new BigDecimal("33526.755"), new BigDecimal("33510")));
        String json = Json.text(order);
        assertThat(json).contains("\"counterfactual\":{\"venue\":\"KRAKEN_SPOT\",\"totalCost\":\"33634.36144\","
                + "\"notionalUsd\":\"33510\",\"savings\":\"107.60644\",\"savingsBps\":\"32.11173977917\"}");
        assertThat(Json.read(json, tech.tradeos.execution.model.RoutedOrder.class)).isEqualTo(order);

        String before = json.replaceAll(",\"counterfactual\":\\{[^}]*}", "");
        assertThat(before).doesNotContain("counterfactual");
        assertThat(Json.read(before, tech.tradeos.execution.model.RoutedOrder.class).counterfactual()).isNull();
    }

    private static String problem(String json) {
        try {
            Json.read(json, ApprovedIntent.class);
        } catch (Exception e) {
            return Json.describe(e);
        }
        throw new AssertionError("accepted: " + json);
    }

    private static String bookProblem(String json) {
        try {
            Json.read(json, BookSnapshot.class);
        } catch (Exception e) {
            return Json.describe(e);
        }
        throw new AssertionError("accepted: " + json);
    }
}
