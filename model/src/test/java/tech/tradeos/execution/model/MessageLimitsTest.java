package tech.tradeos.execution.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.json.Json;

/**
 * The limits every message is held to, tried as a hostile producer would: each refusal is quick, names
 * the field and stays short — never a billion-character message, a stall or an OutOfMemoryError.
 */
class MessageLimitsTest {
    private static final String INTENT = """
            {"intentId":"i-1","instrument":"BTC-USD","direction":"LONG","action":"OPEN","quantity":"0.5",
             "signalType":"momentum","expectedHoldHours":48,"createdAt":"2026-11-25T10:00:00Z"}""";
    private static final String FILL = """
            {"fillId":"f-1","orderId":"o-1","intentId":"i-1","venue":"KRAKEN_SPOT","instrument":"BTC-USD","side":"BUY",
             "quantity":"1","price":"100","fee":"0.4","mode":"PAPER","signalType":"momentum","action":"OPEN","direction":"LONG",
             "filledAt":"2026-11-25T10:00:00Z"}""";

    private static String refusal(String json, Class<?> type) {
        long start = System.nanoTime();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> Json.read(json, type));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused at once").isLessThan(Duration.ofSeconds(2));
        assertThat(thrown).as(json).isNotNull();
        String reason = Json.describe(thrown);
        assertThat(reason.length()).as(reason).isLessThan(400);
        return reason;
    }

    @Test
    void hugeExponentsAreRefusedWithAShortReason() {
        assertThat(refusal(INTENT.replace("\"0.5\"", "\"-1e999999999\""), ApprovedIntent.class))
                .contains("quantity is too large").contains("1E+999999999");
        assertThat(refusal(INTENT.replace("\"0.5\"", "1e300000"), ApprovedIntent.class)).contains("quantity is too large");
        assertThat(refusal(INTENT.replace("\"0.5\"", "\"1e-300000\""), ApprovedIntent.class)).contains("quantity has too many digits");
        assertThat(refusal("""
                {"venue":"KRAKEN_SPOT","instrument":"BTC-USD","timestamp":"2026-11-25T10:00:00Z",
                 "bids":[["1","1"]],"asks":[["1e2000000","1"]]}""", BookSnapshot.class)).contains("price is too large");
    }

    @Test
    void decimalsWithinTheLimitsKeepEveryDigit() throws Exception {
        ApprovedIntent intent = Json.read(INTENT.replace("\"0.5\"", "\"12345678901234567890.1234567890\""), ApprovedIntent.class);
        assertThat(intent.quantity().toPlainString()).isEqualTo("12345678901234567890.1234567890");
        assertThat(Checks.decimal(new java.math.BigDecimal("1E+5"), "x")).isEqualByComparingTo("100000");
    }

    @Test
    void idsAndTextAreBoundedAndFreeOfControlCharacters() {
        assertThat(refusal(INTENT.replace("\"i-1\"", "\"i\\u00001\""), ApprovedIntent.class))
                .contains("intentId contains a control character (code 0)");
        assertThat(refusal(INTENT.replace("\"momentum\"", "\"a\\tb\""), ApprovedIntent.class)).contains("signalType contains a control");
        assertThat(refusal(INTENT.replace("\"i-1\"", "\"" + "x".repeat(201) + "\""), ApprovedIntent.class))
                .contains("intentId is longer than 200 characters");
    }

    @Test
    void absurdHoldsAndInstantsAreRefused() {
        assertThat(refusal(INTENT.replace("48", "\"1e20\""), ApprovedIntent.class)).contains("expectedHoldHours is too large");
        assertThat(refusal(INTENT.replace("48", "\"1e9\""), ApprovedIntent.class)).contains("expectedHoldHours must be <= 87600");
        assertThat(refusal(INTENT.replace("2026-11-25T10:00:00Z", "+999999999-12-31T23:59:59Z"), ApprovedIntent.class))
                .contains("createdAt must be between");
        assertThat(refusal(FILL.replace("2026-11-25T10:00:00Z", "1970-01-01T00:00:00Z"), Fill.class)).contains("filledAt must be between");
    }

    @Test
    void aFillIsCheckedWhereItIsRead() throws Exception {
        assertThat(Json.read(FILL, Fill.class).quantity()).isEqualByComparingTo("1");
        assertThat(refusal("{}", Fill.class)).contains("fillId is required");
        assertThat(refusal(FILL.replace("\"quantity\":\"1\"", "\"quantity\":\"0\""), Fill.class)).contains("quantity must be > 0");
        assertThat(refusal(FILL.replace("\"price\":\"100\"", "\"price\":\"-1\""), Fill.class)).contains("price must be > 0");
        assertThat(refusal(FILL.replace("\"o-1\"", "\"o\\u00001\""), Fill.class)).contains("orderId contains a control character");
        assertThat(Json.read(FILL.replace("\"0.4\"", "\"-0.1\""), Fill.class).fee()).as("a maker rebate").isEqualByComparingTo("-0.1");
    }

    @Test
    void aBookDeeperThanTheLimitIsRefused() {
        String level = "[\"1\",\"1\"]";
        StringBuilder asks = new StringBuilder();
        for (int i = 0; i < BookSnapshot.MAX_LEVELS + 1; i++) {
            asks.append(i == 0 ? "" : ",").append("[\"").append(2 + i).append("\",\"1\"]");
        }
        String book = "{\"venue\":\"V\",\"instrument\":\"BTC-USD\",\"timestamp\":\"2026-11-25T10:00:00Z\",\"bids\":["
                + String.join(",", Collections.nCopies(1, level)) + "],\"asks\":[" + asks + "]}";
        assertThat(refusal(book, BookSnapshot.class)).contains("at most 1000 levels a side");
    }

    @Test
    void fundingRatesBeyondAHundredPercentAreRefused() {
        assertThat(refusal("""
                {"venue":"KRAKEN_FUTURES","instrument":"BTC-USD","timestamp":"2026-11-25T10:00:00Z","rate":"2",
                 "nextFundingTime":"2026-11-25T11:00:00Z","intervalHours":1}""", FundingRate.class))
                .contains("rate must be between -1 and 1");
    }
}
