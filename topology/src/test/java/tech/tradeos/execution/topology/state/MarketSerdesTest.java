package tech.tradeos.execution.topology.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.PriceLevel;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.topology.processor.InstrumentEvent;

class MarketSerdesTest {
    private final Serde<InstrumentEvent> events = MarketSerdes.instrumentEvents();
    private final Serde<VenueMarket> markets = MarketSerdes.venueMarkets();

    @Test
    void booksRoundTripWithEveryDecimalsValueAndScale() {
        Random random = new Random(42);
        for (int n = 0; n < 2_000; n++) {
            BookSnapshot book = randomBook(random);
            InstrumentEvent back = events.deserializer().deserialize("t", events.serializer().serialize("t", InstrumentEvent.of(book)));
            assertSameBook(back.book(), book);
        }
    }

    @Test
    void decimalsBeyondALongAndNegativeScalesSurvive() {
        BigDecimal huge = new BigDecimal(new BigInteger("123456789012345678901234567890"), 20);
        BookSnapshot book = new BookSnapshot("KRAKEN_SPOT", "BTC-USD", Instant.parse("2026-11-26T01:02:03.123456789Z"), 7L,
                List.of(new PriceLevel(new BigDecimal("1E+3"), huge)), List.of(new PriceLevel(huge.add(new BigDecimal("2000")), new BigDecimal("0.00000001"))));
        BookSnapshot back = events.deserializer().deserialize("t", events.serializer().serialize("t", InstrumentEvent.of(book))).book();
        assertSameBook(back, book);
        assertThat(back.bids().get(0).price().scale()).isEqualTo(-3);
    }

    @Test
    void aTextTooLongForTheLengthFieldIsRefusedNotTruncated() {
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(200_000);
        assertThatThrownBy(() -> BookCodec.writeText(out, "x".repeat(BookCodec.MAX_TEXT_BYTES + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65536 bytes");
        BookCodec.writeText(out, "x".repeat(BookCodec.MAX_TEXT_BYTES));
        assertThat(out.position()).isEqualTo(2 + BookCodec.MAX_TEXT_BYTES);
    }

    @Test
    void everythingButBooksTravelsAsJson() throws Exception {
        ApprovedIntent intent = Json.read("""
                {"intentId":"i-1","instrument":"BTC-USD","direction":"LONG","action":"OPEN","quantity":"0.5",
                 "signalType":"momentum","createdAt":"2026-11-26T00:00:00Z"}""", ApprovedIntent.class);
        byte[] bytes = events.serializer().serialize("t", InstrumentEvent.of(intent));
        assertThat(bytes[0]).isEqualTo((byte) '{');
        assertThat(events.deserializer().deserialize("t", bytes).intent()).isEqualTo(intent);
    }

    @Test
    void aVenueMarketKeepsItsBookFundingAndAtr() throws Exception {
        Random random = new Random(7);
        BookSnapshot first = randomBook(random);
        BookSnapshot second = new BookSnapshot(first.venue(), first.instrument(), first.timestamp().plusSeconds(90),
                first.sequence() + 1, first.bids(), first.asks());
        FundingRate funding = Json.read("""
                {"venue":"KRAKEN_FUTURES","instrument":"BTC-USD","timestamp":"2026-11-26T00:00:00Z","sequence":3,
                 "rate":"0.0001","predictedRate":"0.00012","nextFundingTime":"2026-11-26T01:00:00Z","intervalHours":1}""", FundingRate.class);
        VenueMarket market = VenueMarket.EMPTY.withBook(first).withBook(second).withFunding(funding);

        VenueMarket back = markets.deserializer().deserialize("t", markets.serializer().serialize("t", market));

        assertSameBook(back.book(), second);
        assertThat(back.funding()).isEqualTo(funding);
        assertThat(back.atr()).isEqualTo(market.atr());
        VenueMarket fundingOnly = VenueMarket.EMPTY.withFunding(funding);
        assertThat(markets.deserializer().deserialize("t", markets.serializer().serialize("t", fundingOnly))).isEqualTo(fundingOnly);
    }

    @Test
    void aMarketStoreValueWrittenAsJsonByAnEarlierVersionStillReads() {
        VenueMarket market = VenueMarket.EMPTY.withBook(randomBook(new Random(3)));
        VenueMarket back = markets.deserializer().deserialize("t", Json.bytes(market));
        assertSameBook(back.book(), market.book());
        assertThat(back.atr()).isEqualTo(market.atr());
    }

    @Test
    void damagedBytesAreASerializationErrorWithTheReason() {
        byte[] bytes = events.serializer().serialize("t", InstrumentEvent.of(randomBook(new Random(1))));
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        assertThatThrownBy(() -> events.deserializer().deserialize("t", truncated))
                .isInstanceOf(SerializationException.class).hasMessageContaining("invalid InstrumentEvent");
        byte[] market = markets.serializer().serialize("t", VenueMarket.EMPTY.withBook(randomBook(new Random(2))));
        market[market.length - 1] = 'x';
        assertThatThrownBy(() -> markets.deserializer().deserialize("t", market))
                .isInstanceOf(SerializationException.class).hasMessageContaining("invalid VenueMarket");
    }

    private static void assertSameBook(BookSnapshot actual, BookSnapshot expected) {
        assertThat(actual.venue()).isEqualTo(expected.venue());
        assertThat(actual.instrument()).isEqualTo(expected.instrument());
        assertThat(actual.timestamp()).isEqualTo(expected.timestamp());
        assertThat(actual.sequence()).isEqualTo(expected.sequence());
        // equals on BigDecimal compares scale too: "100.10" stays "100.10"
        assertThat(actual.bids()).isEqualTo(expected.bids());
        assertThat(actual.asks()).isEqualTo(expected.asks());
    }

    private static BookSnapshot randomBook(Random random) {
        int scale = random.nextInt(9);
        long mid = 1_000_000 + random.nextInt(100_000_000);
        List<PriceLevel> bids = new ArrayList<>();
        List<PriceLevel> asks = new ArrayList<>();
        int levels = 1 + random.nextInt(50);
        for (int i = 0; i < levels; i++) {
            bids.add(new PriceLevel(BigDecimal.valueOf(mid - 1 - i * 10L - random.nextInt(5), scale),
                    BigDecimal.valueOf(1 + random.nextInt(1_000_000), random.nextInt(8))));
            asks.add(new PriceLevel(BigDecimal.valueOf(mid + 1 + i * 10L + random.nextInt(5), scale),
                    BigDecimal.valueOf(1 + random.nextInt(1_000_000), random.nextInt(8))));
        }
        return new BookSnapshot("V" + random.nextInt(8), "X" + random.nextInt(25) + "-USD",
                Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000), random.nextInt(1_000_000_000)),
                random.nextLong() & Long.MAX_VALUE, bids, asks);
    }
}
