package tech.tradeos.execution.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static tech.tradeos.execution.sink.Fills.T0;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.ClosedTrade;
import tech.tradeos.execution.model.Direction;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.Ids;
import tech.tradeos.execution.model.Mode;
import tech.tradeos.execution.model.Side;
import tech.tradeos.execution.model.position.Position;

/** docs/README.md §Funding on the real ledger: each settlement booked once, on the quantity held at its instant. */
class FundingLedgerIT {
    private static final String PERP = "KRAKEN_FUTURES";
    private static final Instant H1 = T0.plusSeconds(3600);
    private static final Instant H2 = T0.plusSeconds(7200);
    private TestDatabase db;
    private Ledger ledger;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        ledger = new Ledger(db.database.jdbi());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void aLongPaysAPositiveRateOnceAndItsCloseRealizesItsShare() {
        fills(fill("i-1", Side.BUY, Direction.LONG, Action.OPEN, "2", "100", T0));
        funding(record(T0.plusSeconds(60), 1, "0.0001", H1, "101"));
        assertThat(payments()).isEmpty(); // the settlement at H1 has not happened yet

        // a record after H1 announces H2: the H1 settlement happened at rate 0.0001 and mark 101
        Ledger.Applied applied = funding(record(H1.plusSeconds(1), 2, "0.0002", H2, "105"));
        // −2 · 101 · 0.0001 = −0.0202: a long pays
        assertThat(applied.fundingPayments()).singleElement().satisfies(p -> {
            assertThat(p.amount()).isEqualByComparingTo("-0.0202");
            assertThat(p.quantity()).isEqualByComparingTo("2");
            assertThat(p.markSource()).isEqualTo("VENUE_MARK");
            assertThat(p.signalType()).isEqualTo("carry");
        });
        Position held = position();
        assertThat(held.funding()).isEqualByComparingTo("-0.0202");
        assertThat(held.openFunding()).isEqualByComparingTo("-0.0202");
        assertThat(held.realizedPnl()).as("trading P&L apart").isEqualByComparingTo("0");

        // the same records again (a replay, a redelivered batch) book nothing more
        assertThat(funding(record(T0.plusSeconds(60), 1, "0.0001", H1, "101"), record(H1.plusSeconds(1), 2, "0.0002", H2, "105"))
                .fundingPayments()).isEmpty();
        assertThat(payments()).hasSize(1);
        assertThat(position().funding()).isEqualByComparingTo("-0.0202");

        // closing half realizes half the open funding into the closed trade, apart from its trading P&L
        Ledger.Applied close = fills(fill("i-2", Side.SELL, Direction.LONG, Action.CLOSE, "1", "110", H1.plusSeconds(60)));
        ClosedTrade trade = close.closedTrades().get(0);
        assertThat(trade.funding()).isEqualByComparingTo("-0.0101");
        assertThat(trade.realizedPnl()).isEqualByComparingTo("10");
        assertThat(position().openFunding()).isEqualByComparingTo("-0.0101");
        assertThat(position().funding()).isEqualByComparingTo("-0.0202");

        // TCA: funding apart from trading P&L per signal; equity = 100000 + 10 − 0.0202
        tech.tradeos.execution.model.tca.TcaUpdate.Snapshot tca = new TcaMonitor(db.database.jdbi(), db.config,
                java.time.Clock.systemUTC(), null).refresh();
        assertThat(tca.signals()).singleElement().satisfies(s -> {
            assertThat(s.realizedPnl()).isEqualByComparingTo("10");
            assertThat(s.funding()).isEqualByComparingTo("-0.0202");
        });
        assertThat(tca.venues()).singleElement().satisfies(v -> assertThat(v.funding()).isEqualByComparingTo("-0.0202"));
        assertThat(tca.session().equity()).isEqualByComparingTo("100009.9798");
    }

    @Test
    void aShortReceivesAPositiveRateAndTheQuantityIsTheOneHeldAtTheSettlement() {
        fills(fill("i-1", Side.SELL, Direction.SHORT, Action.OPEN, "3", "100", T0));
        funding(record(T0.plusSeconds(60), 1, "0.0005", H1, null));
        // in one batch: a fill after H1 (not held at H1) and the record that shows H1 settled
        Ledger.Applied applied = ledger.apply(List.of(),
                List.of(fill("i-2", Side.BUY, Direction.SHORT, Action.CLOSE, "1", "90", H1.plusSeconds(30))), List.of(),
                List.of(record(H1.plusSeconds(40), 2, "0.0001", H2, null)), List.of());
        // held at H1: −3; no mark published: the last fill up to H1, 100; −(−3)·100·0.0005 = +0.15
        assertThat(applied.fundingPayments()).singleElement().satisfies(p -> {
            assertThat(p.amount()).isEqualByComparingTo("0.15");
            assertThat(p.quantity()).isEqualByComparingTo("-3");
            assertThat(p.markPrice()).isEqualByComparingTo("100");
            assertThat(p.markSource()).isEqualTo("LAST_FILL");
        });
        assertThat(position().funding()).isEqualByComparingTo("0.15");
    }

    @Test
    void anOlderRecordReadLateNeitherSettlesNorReplacesTheNewer() {
        fills(fill("i-1", Side.BUY, Direction.LONG, Action.OPEN, "1", "100", T0));
        funding(record(H1.plusSeconds(1), 2, "0.0002", H2, "100"));
        assertThat(funding(record(T0.plusSeconds(60), 1, "0.0001", H1, "100")).fundingPayments()).isEmpty();
        // the H2 settlement books at the held record's rate
        assertThat(funding(record(H2.plusSeconds(1), 3, "0.0003", H2.plusSeconds(3600), "100")).fundingPayments())
                .singleElement().satisfies(p -> assertThat(p.amount()).isEqualByComparingTo("-0.02"));
    }

    @Test
    void aFlatVenueBooksNothing() {
        funding(record(T0.plusSeconds(60), 1, "0.0001", H1, "101"));
        assertThat(funding(record(H1.plusSeconds(1), 2, "0.0001", H2, "101")).fundingPayments()).isEmpty();
        assertThat(payments()).isEmpty();
    }

    @Test
    void aVenueReportedPaymentIsBookedOnceByItsIdAndKeptApartFromPaperFundingInTca() {
        fills(fill("i-1", Side.BUY, Direction.LONG, Action.OPEN, "2", "100", T0));
        tech.tradeos.execution.model.FundingPayment paid = new tech.tradeos.execution.model.FundingPayment("booking-1", PERP,
                "BTC-USD", "pf_xbtusd", H1, new BigDecimal("-0.0201"), "usd", new BigDecimal("0.0001"), new BigDecimal("100.5"));
        Ledger.Applied first = ledger.apply(List.of(), List.of(), List.of(), List.of(), List.of(paid), List.of());
        Ledger.Applied again = ledger.apply(List.of(), List.of(), List.of(), List.of(), List.of(paid), List.of());
        assertThat(first.fundingPayments()).singleElement().satisfies(p -> {
            assertThat(p.markSource()).isEqualTo("VENUE_PAYMENT");
            assertThat(p.quantity()).as("not reported").isNull();
        });
        assertThat(again.fundingPayments()).as("read twice, booked once").isEmpty();
        assertThat(position().funding()).isEqualByComparingTo("-0.0201");
        TcaMonitor tca = new TcaMonitor(db.database.jdbi(), db.config, java.time.Clock.systemUTC(), null);
        assertThat(tca.refresh(Mode.LIVE).session().funding()).isEqualByComparingTo("-0.0201");
        assertThat(tca.refresh(Mode.PAPER).session().funding()).as("a live payment is not paper's").isEqualByComparingTo("0");
    }

    private Ledger.Applied fills(Fill fill) {
        return ledger.apply(List.of(), List.of(fill), List.of(), List.of(), List.of());
    }

    private Ledger.Applied funding(FundingRate... records) {
        return ledger.apply(List.of(), List.of(), List.of(), List.of(records), List.of());
    }

    private List<FundingDao.Payment> payments() {
        return db.database.jdbi().withExtension(FundingDao.class, FundingDao::all);
    }

    private Position position() {
        return db.database.jdbi().withExtension(PositionDao.class, d -> d.find("BTC-USD", PERP)).orElseThrow();
    }

    private static FundingRate record(Instant at, long sequence, String rate, Instant next, String mark) {
        return new FundingRate(PERP, "BTC-USD", at, sequence, new BigDecimal(rate), null, next, 1,
                mark == null ? null : new BigDecimal(mark));
    }

    private static Fill fill(String intentId, Side side, Direction direction, Action action, String qty, String price, Instant at) {
        String orderId = Ids.orderId("BTC-USD", intentId);
        return new Fill(Ids.paperFillId(orderId), orderId, intentId, PERP, "BTC-USD", side, new BigDecimal(qty),
                new BigDecimal(price), BigDecimal.ZERO, Mode.PAPER, new BigDecimal(price), new BigDecimal(price),
                BigDecimal.ZERO, "carry", action, direction, at);
    }
}
