package tech.tradeos.execution.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.json.Json;

/** cryptofeed's messages, the local book they build and funding made relative, with hand-computed values. */
class CryptofeedFormatsTest {
    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    @Test
    void aSnapshotThenDeltasWithARemovalGiveTheExactBook() throws Exception {
        CryptofeedMessage snap = CryptofeedMessage.book(Json.tree("""
                {"exchange":"KRAKEN","symbol":"BTC-USD","book":{"bid":{"67000.5":1.5,"67000.0":"2"},"ask":{"67001.0":0.5,"67002":3}},
                 "timestamp":1764720000.123,"receipt_timestamp":1764720000.2}"""));
        assertThat(snap).isInstanceOf(CryptofeedMessage.Snapshot.class);
        assertThat(snap.exchange()).isEqualTo("KRAKEN");
        LocalBook book = new LocalBook("KRAKEN_SPOT", "BTC-USD");
        CryptofeedMessage.Snapshot s = (CryptofeedMessage.Snapshot) snap;
        book.snapshot(s.bids(), s.asks(), s.stamp());
        CryptofeedMessage.Delta delta = (CryptofeedMessage.Delta) CryptofeedMessage.book(Json.tree("""
                {"exchange":"KRAKEN","symbol":"BTC-USD","delta":{"bid":[["67000.5",0],["66999","4"]],"ask":[[67001.5,1]]},
                 "timestamp":1764720001.5,"receipt_timestamp":1764720001.6}"""));
        assertThat(book.delta(delta.bids(), delta.asks(), delta.stamp())).isTrue();
        BookSnapshot out = book.toSnapshot(50);
        assertThat(out.bids()).extracting(l -> l.price().toPlainString() + "x" + l.size().toPlainString())
                .containsExactly("67000.0x2", "66999x4");
        assertThat(out.asks()).extracting(l -> l.price().toPlainString() + "x" + l.size().toPlainString())
                .containsExactly("67001.0x0.5", "67001.5x1", "67002x3");
        assertThat(out.timestamp()).isEqualTo(Instant.parse("2025-12-03T00:00:01.500Z"));
        assertThat(book.toSnapshot(1).asks()).hasSize(1);
        assertThat(book.mid()).isEqualByComparingTo("67000.5"); // (67000.0 + 67001.0) / 2
    }

    @Test
    void aDeltaBeforeAnySnapshotOrOneThatCrossesTheBookWaitsForTheNextSnapshot() {
        LocalBook book = new LocalBook("KRAKEN_SPOT", "BTC-USD");
        CryptofeedMessage.Stamp t = new CryptofeedMessage.Stamp(Instant.parse("2026-12-03T00:00:00Z"), true);
        assertThat(book.delta(List.<BigDecimal[]>of(new BigDecimal[] {d("100"), d("1")}), List.of(), t)).isFalse();
        assertThat(book.toSnapshot(10)).isNull();
        book.snapshot(Map.of(d("99"), d("1")), Map.of(d("100"), d("1")), t);
        assertThat(book.delta(List.<BigDecimal[]>of(new BigDecimal[] {d("101"), d("1")}), List.of(), t)).as("crossed").isFalse();
        assertThat(book.toSnapshot(10)).isNull();
        book.snapshot(Map.of(d("99"), d("1")), Map.of(d("100"), d("1")), t);
        assertThat(book.toSnapshot(10)).isNotNull();
    }

    @Test
    void krakenFuturesAbsoluteFundingIsDividedByTheMarkAndOthersPassAsTheyAre() throws Exception {
        FundingRules rules = new FundingRules(Map.of("KRAKEN_FUTURES", 1, "BINANCE_FUTURES", 8));
        CryptofeedMessage.Funding kraken = CryptofeedMessage.funding(Json.tree("""
                {"exchange":"KRAKEN_FUTURES","symbol":"BTC-USD-PERP","mark_price":null,"rate":"0.67","predicted_rate":"1.34",
                 "next_funding_time":1764723600,"timestamp":1764720000,"receipt_timestamp":1764720000.1}"""));
        // no mark in the message: the book's mid 67000 stands in; 0.67 / 67000 = 0.00001, 1.34 / 67000 = 0.00002
        FundingRate relative = rules.toRate("KRAKEN_FUTURES", "BTC-USD", kraken, d("67000"));
        assertThat(relative.rate()).isEqualByComparingTo("0.00001");
        assertThat(relative.predictedRate()).isEqualByComparingTo("0.00002");
        assertThat(relative.intervalHours()).isEqualTo(1);
        assertThat(relative.nextFundingTime()).isEqualTo(Instant.ofEpochSecond(1764723600));
        assertThatThrownBy(() -> rules.toRate("KRAKEN_FUTURES", "BTC-USD", kraken, null)).hasMessageContaining("no mark price");

        CryptofeedMessage.Funding binance = CryptofeedMessage.funding(Json.tree("""
                {"exchange":"BINANCE_FUTURES","symbol":"BTC-USDT-PERP","mark_price":67010.5,"rate":0.0001,"predicted_rate":null,
                 "next_funding_time":1764748800,"timestamp":1764720000}"""));
        FundingRate asIs = rules.toRate("BINANCE_FUTURES", "BTC-USD", binance, null);
        assertThat(asIs.rate()).isEqualByComparingTo("0.0001");
        assertThat(asIs.intervalHours()).isEqualTo(8);
        assertThat(rules.toRate("BYBIT_PERP", "BTC-USD", binance, null).intervalHours()).as("the default").isEqualTo(8);
    }

    @Test
    void malformedMessagesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> CryptofeedMessage.book(Json.tree("{\"exchange\":\"KRAKEN\",\"symbol\":\"BTC-USD\",\"timestamp\":1764720000}")))
                .hasMessageContaining("'book'");
        assertThatThrownBy(() -> CryptofeedMessage.book(Json.tree("""
                {"exchange":"KRAKEN","symbol":"BTC-USD","book":{"bid":{"-1":1},"ask":{}},"timestamp":1764720000}""")))
                .hasMessageContaining("price must be > 0");
        assertThatThrownBy(() -> CryptofeedMessage.book(Json.tree("""
                {"exchange":"KRAKEN","symbol":"BTC-USD","book":{"bid":{"1e999999999":1},"ask":{}},"timestamp":1764720000}""")))
                .hasMessageContaining("too large");
        assertThatThrownBy(() -> CryptofeedMessage.funding(Json.tree("""
                {"exchange":"KRAKEN_FUTURES","symbol":"BTC-USD-PERP","rate":"NaN","next_funding_time":1764723600,"timestamp":1764720000}""")))
                .hasMessageContaining("rate");
        assertThatThrownBy(() -> CryptofeedMessage.book(Json.tree("""
                {"exchange":"KRAKEN","symbol":"BTC-USD","delta":{"bid":[["1"]]},"timestamp":1764720000}""")))
                .hasMessageContaining("[price, size]");
    }

    @Test
    void theExchangeTimeIsUsedWhenItIsThereAndTheRecordSaysWhich() throws Exception {
        CryptofeedMessage exchange = CryptofeedMessage.book(Json.tree("""
                {"exchange":"KRAKEN","symbol":"BTC-USD","book":{"bid":{"1":1},"ask":{"2":1}},"timestamp":1764720000.5,"receipt_timestamp":1764720000.75}"""));
        assertThat(exchange.stamp()).isEqualTo(new CryptofeedMessage.Stamp(Instant.parse("2025-12-03T00:00:00.500Z"), true));
        assertThat(exchange.stamp().source()).isEqualTo("exchange");
        // cryptofeed's backends copy the receipt time into timestamp when the exchange gave none
        CryptofeedMessage copied = CryptofeedMessage.book(Json.tree("""
                {"exchange":"KRAKEN","symbol":"BTC-USD","book":{"bid":{"1":1},"ask":{"2":1}},"timestamp":1764720000.75,"receipt_timestamp":1764720000.75}"""));
        assertThat(copied.stamp()).isEqualTo(new CryptofeedMessage.Stamp(Instant.parse("2025-12-03T00:00:00.750Z"), false));
        CryptofeedMessage onlyReceipt = CryptofeedMessage.book(Json.tree("""
                {"exchange":"KRAKEN","symbol":"BTC-USD","book":{"bid":{"1":1},"ask":{"2":1}},"timestamp":"None","receipt_timestamp":"1764720001"}"""));
        assertThat(onlyReceipt.stamp()).isEqualTo(new CryptofeedMessage.Stamp(Instant.parse("2025-12-03T00:00:01Z"), false));
        assertThat(onlyReceipt.stamp().source()).isEqualTo("receipt");
    }

    @Test
    void theRedisBackendsNoneTextIsAMissingValue() throws Exception {
        // cryptofeed's Redis backends write None as the text "None" (none_to='None') and every number as text
        CryptofeedMessage.Funding f = CryptofeedMessage.funding(Json.tree("""
                {"exchange":"BINANCE_FUTURES","symbol":"BTC-USDT-PERP","mark_price":"None","rate":"0.0001","predicted_rate":"None",
                 "next_funding_time":"1764748800.0","timestamp":"1764720000.0","receipt_timestamp":"1764720000.1"}"""));
        assertThat(f.markPrice()).isNull();
        assertThat(f.predictedRate()).isNull();
        assertThat(f.rate()).isEqualByComparingTo("0.0001");
        assertThat(f.nextFundingTime()).isEqualTo(Instant.ofEpochSecond(1764748800));
        assertThatThrownBy(() -> CryptofeedMessage.funding(Json.tree("""
                {"exchange":"BINANCE_FUTURES","symbol":"BTC-USDT-PERP","rate":"None","next_funding_time":1764748800,"timestamp":1764720000}""")))
                .hasMessageContaining("rate");
    }
}
