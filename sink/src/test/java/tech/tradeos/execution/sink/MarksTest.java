package tech.tradeos.execution.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.config.ConfigLoader;

/** The marks reader checks books as the router does: a book stamped in 2199 never freezes a mark. */
class MarksTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private static byte[] book(String venue, String instrument, Instant at, String bid, String ask) {
        return ("{\"venue\":\"" + venue + "\",\"instrument\":\"" + instrument + "\",\"timestamp\":\"" + at + "\",\"bids\":[[\"" + bid
                + "\",\"1\"]],\"asks\":[[\"" + ask + "\",\"1\"]]}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBookStampedInTheFutureIsSkippedAndMarksKeepMoving() {
        try (Marks marks = new Marks(ConfigLoader.defaults(), "books", Clock.fixed(NOW, ZoneOffset.UTC))) {
            marks.offer(book("KRAKEN_SPOT", "BTC-USD", NOW.minusSeconds(2), "99", "101"));
            assertThat(marks.mark("KRAKEN_SPOT", "BTC-USD").mid()).isEqualByComparingTo("100");
            marks.offer(book("KRAKEN_SPOT", "BTC-USD", Instant.parse("2199-01-01T00:00:00Z"), "1", "3"));
            assertThat(marks.mark("KRAKEN_SPOT", "BTC-USD").mid()).as("the 2199 book is refused").isEqualByComparingTo("100");
            marks.offer(book("KRAKEN_SPOT", "BTC-USD", NOW.minusSeconds(1), "109", "111"));
            assertThat(marks.mark("KRAKEN_SPOT", "BTC-USD").mid()).as("the next real book moves the mark").isEqualByComparingTo("110");
        }
    }

    @Test
    void aBookOfAnUnknownVenueOrUnlistedInstrumentOrCrossedIsSkipped() {
        try (Marks marks = new Marks(ConfigLoader.defaults(), "books", Clock.fixed(NOW, ZoneOffset.UTC))) {
            marks.offer(book("NOPE", "BTC-USD", NOW, "99", "101"));
            marks.offer(book("KRAKEN_SPOT", "NOPE-USD", NOW, "99", "101"));
            assertThat(marks.mark("NOPE", "BTC-USD")).isNull();
            assertThat(marks.mark("KRAKEN_SPOT", "NOPE-USD")).isNull();
        }
    }
}
