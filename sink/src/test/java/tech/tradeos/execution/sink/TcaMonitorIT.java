package tech.tradeos.execution.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static tech.tradeos.execution.sink.Fills.orderWithCounterfactual;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.tca.TcaUpdate;

/** Execution quality over the real ledger: savings vs the static priority list per signal type and venue, and as gauges. */
class TcaMonitorIT {
    private TestDatabase db;
    private Ledger ledger;
    private TcaMonitor tca;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        ledger = new Ledger(db.database.jdbi());
        tca = new TcaMonitor(db.database.jdbi(), db.config, Clock.systemUTC(), null);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void savingsAreSummedAndWeightedByNotionalPerSignalAndVenue() {
        ledger.apply(List.of(
                // the seed's carry story: the perp saved 268.45444 on 33510 of notional against Kraken Spot
                orderWithCounterfactual("i-1", "KRAKEN_FUTURES", "carry", "KRAKEN_SPOT", "33634.36144", "33365.907", "33510"),
                // the static choice itself: nothing saved on 10000
                orderWithCounterfactual("i-2", "KRAKEN_SPOT", "carry", "KRAKEN_SPOT", "10040", "10040", "10000"),
                orderWithCounterfactual("i-3", "KRAKEN_SPOT", "momentum", "KRAKEN_SPOT", "500", "500", "500"),
                Fills.order("i-old", tech.tradeos.execution.model.Side.BUY, "1", "legacy")), // written before counterfactuals
                List.of(), List.of());
        // re-applying the same orders changes nothing
        ledger.apply(List.of(orderWithCounterfactual("i-1", "KRAKEN_FUTURES", "carry", "KRAKEN_SPOT", "33634.36144",
                "33365.907", "33510")), List.of(), List.of());

        TcaUpdate.Snapshot snapshot = tca.refresh();

        TcaUpdate.SignalStats carry = signal(snapshot, "carry");
        assertThat(carry.routedOrders()).isEqualTo(2);
        assertThat(carry.expectedSavings()).isEqualByComparingTo("268.45444");
        // 268.45444 / (33510 + 10000) · 10⁴
        assertThat(carry.expectedSavingsBps()).isEqualByComparingTo("61.699480579177");
        assertThat(signal(snapshot, "momentum").expectedSavingsBps()).isEqualByComparingTo("0");
        assertThat(snapshot.signals()).noneMatch(s -> s.signalType().equals("legacy"));

        TcaUpdate.VenueStats perp = snapshot.venues().stream().filter(v -> v.venue().equals("KRAKEN_FUTURES")).findFirst().orElseThrow();
        assertThat(perp.routedOrders()).isEqualTo(1);
        assertThat(perp.notionalUsd()).isEqualByComparingTo("33510");
        assertThat(perp.expectedSavingsBps()).isEqualByComparingTo("80.11173977917");
        TcaUpdate.VenueStats spot = snapshot.venues().stream().filter(v -> v.venue().equals("KRAKEN_SPOT")).findFirst().orElseThrow();
        assertThat(spot.routedOrders()).isEqualTo(2);
        assertThat(spot.expectedSavings()).isEqualByComparingTo("0");

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new TcaGauges(registry).update(snapshot);
        String scrape = registry.scrape();
        assertThat(scrape).contains("tradeos_tca_signal_savings_bps{mode=\"PAPER\",session=\"default\",signal_type=\"carry\"} 61.69948");
        assertThat(scrape).contains("tradeos_tca_venue_savings_bps{mode=\"PAPER\",session=\"default\",venue=\"KRAKEN_FUTURES\"} 80.11173");
        assertThat(scrape).contains("tradeos_tca_equity{mode=\"PAPER\",session=\"default\"} 100000.0");
    }

    @Test
    void anOpenLosingPositionMarkedToTheLatestMidShowsInEquityAndDrawdown() {
        ledger.apply(List.of(), List.of(Fills.fill("i-1", tech.tradeos.execution.model.Side.BUY, "2", "100", "0.8",
                "momentum", Fills.T0)), List.of());
        Marks marks = new Marks(db.config, "books");
        TcaMonitor marked = new TcaMonitor(db.database.jdbi(), db.config, Clock.systemUTC(), marks);
        assertThat(marked.refresh().session().unmarkedPositions()).as("no book seen yet").isEqualTo(1);
        assertThat(marked.refresh().session().equity()).isEqualByComparingTo("100000");

        marks.offer(("{\"venue\":\"KRAKEN_SPOT\",\"instrument\":\"BTC-USD\",\"timestamp\":\"2026-11-25T10:05:00Z\","
                + "\"bids\":[[\"89.9\",\"1\"]],\"asks\":[[\"90.1\",\"1\"]]}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        TcaUpdate.SessionStats session = marked.refresh().session();
        // 2·(90 − 100) − 0.8 open entry fee = −20.8; equity 99979.2; drawdown 99979.2/100000 − 1
        assertThat(session.unrealizedPnl()).isEqualByComparingTo("-20.8");
        assertThat(session.unmarkedPositions()).isZero();
        assertThat(session.equity()).isEqualByComparingTo("99979.2");
        assertThat(session.maxDrawdown()).isCloseTo(-0.000208, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(marked.curve(tech.tradeos.execution.model.Mode.PAPER).equity()).last()
                .satisfies(e -> assertThat(e).isEqualByComparingTo("99979.2"));
    }

    @Test
    void aNewSessionCountsOnlyWhatHappensFromItsStartAndModesStayApart() {
        ledger.apply(List.of(), List.of(
                Fills.fill("i-1", tech.tradeos.execution.model.Side.BUY, "1", "100", "0", "momentum", Fills.T0),
                Fills.fill("i-2", tech.tradeos.execution.model.Side.SELL, "1", "110", "0", "momentum", Fills.T0.plusSeconds(60))),
                List.of());
        assertThat(tca.refresh().session().id()).isEqualTo("default");
        assertThat(tca.refresh().session().equity()).isEqualByComparingTo("100010");
        assertThat(tca.refresh(tech.tradeos.execution.model.Mode.LIVE).signals()).as("paper fills are not LIVE's").isEmpty();

        TcaSessions.Session next = tca.sessions().start("after-lunch", new java.math.BigDecimal("50000")).orElseThrow();
        assertThat(tca.sessions().start("after-lunch", null)).as("ids are unique").isEmpty();
        TcaUpdate.Snapshot fresh = tca.refresh();
        assertThat(fresh.session().id()).isEqualTo("after-lunch");
        assertThat(fresh.session().startedAt()).isEqualTo(next.startedAt());
        assertThat(fresh.session().equity()).isEqualByComparingTo("50000");
        assertThat(fresh.signals()).isEmpty();
    }

    private static TcaUpdate.SignalStats signal(TcaUpdate.Snapshot snapshot, String type) {
        return snapshot.signals().stream().filter(s -> s.signalType().equals(type)).findFirst().orElseThrow();
    }
}
