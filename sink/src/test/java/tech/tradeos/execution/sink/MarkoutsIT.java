package tech.tradeos.execution.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.Side;
import tech.tradeos.execution.model.tca.TcaUpdate;
import tech.tradeos.execution.testkit.Await;

/** docs/README.md §TCA: markouts of live fills from the books after them, by hand, on the real ledger. */
class MarkoutsIT {
    private TestDatabase db;
    private Ledger ledger;
    private Marks marks;
    private Markouts markouts;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        ledger = new Ledger(db.database.jdbi());
        marks = new Marks(db.config, "books");
        markouts = new Markouts(db.database.jdbi(), marks, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        markouts.close();
        db.close();
    }

    private void book(Instant at, String bid, String ask) {
        marks.offer(("{\"venue\":\"KRAKEN_SPOT\",\"instrument\":\"BTC-USD\",\"timestamp\":\"" + at + "\",\"bids\":[[\"" + bid
                + "\",\"1\"]],\"asks\":[[\"" + ask + "\",\"1\"]]}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theFormulaIsSignedInTheFillsFavour() {
        // a buy at 100 whose market rose to 100.5: +50 bps; a sell there: −50 bps
        assertThat(Markouts.bps(1, new BigDecimal("100"), new BigDecimal("100.5"))).isEqualByComparingTo("50");
        assertThat(Markouts.bps(-1, new BigDecimal("100"), new BigDecimal("100.5"))).isEqualByComparingTo("-50");
    }

    @Test
    void aLiveFillIsMarkedOutFromTheBooksAfterItAndAReplayedOneIsNot() throws Exception {
        Instant now = Instant.now();
        Fill live = Fills.fill("i-1", Side.BUY, "1", "100", "0", "momentum", now);
        Fill replayed = Fills.fill("i-2", Side.BUY, "1", "100", "0", "momentum", now.minusSeconds(3600));
        ledger.apply(List.of(), List.of(live, replayed), List.of());
        book(now.minusMillis(500), "99.8", "100");           // before the fill: not a markout
        markouts.take(live, Duration.ofSeconds(1));
        assertThat(markouts.taken()).isZero();
        assertThat(markouts.withoutBook()).isEqualTo(1);

        book(now.plusMillis(800), "100.1", "100.3");         // mid 100.2 after the fill: +20 bps for the buy
        markouts.onFills(List.of(live, replayed));
        Await.until(Duration.ofSeconds(20), () -> markouts.taken() >= 2); // the 1 s and 10 s markouts
        TcaUpdate.VenueStats venue = new TcaMonitor(db.database.jdbi(), db.config, Clock.systemUTC(), marks).refresh()
                .venues().stream().filter(v -> v.venue().equals("KRAKEN_SPOT")).findFirst().orElseThrow();
        assertThat(venue.markout1sBps()).isEqualByComparingTo("20");
        assertThat(venue.markout10sBps()).isEqualByComparingTo("20");
        long rows = db.database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM fill_markouts WHERE fill_id = :id")
                .bind("id", replayed.fillId()).mapTo(Long.class).one());
        assertThat(rows).as("an hour-old fill has no book of its moment").isZero();
    }
}
