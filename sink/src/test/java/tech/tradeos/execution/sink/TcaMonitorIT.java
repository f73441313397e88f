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
        tca = new TcaMonitor(db.database.jdbi(), db.config.tca(), Clock.systemUTC());
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
        assertThat(scrape).contains("tradeos_tca_signal_savings_bps{signal_type=\"carry\"} 61.69948");
        assertThat(scrape).contains("tradeos_tca_venue_savings_bps{venue=\"KRAKEN_FUTURES\"} 80.11173");
        assertThat(scrape).contains("tradeos_tca_equity 100000.0");
    }

    private static TcaUpdate.SignalStats signal(TcaUpdate.Snapshot snapshot, String type) {
        return snapshot.signals().stream().filter(s -> s.signalType().equals(type)).findFirst().orElseThrow();
    }
}
