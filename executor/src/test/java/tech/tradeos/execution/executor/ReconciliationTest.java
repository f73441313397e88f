package tech.tradeos.execution.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.executor.venue.InstrumentRules;
import tech.tradeos.execution.executor.venue.OrderRequest;
import tech.tradeos.execution.executor.venue.VenueAdapter;
import tech.tradeos.execution.executor.venue.VenueOrder;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.position.Position;
import tech.tradeos.execution.model.position.PositionLedger;
import tech.tradeos.execution.model.position.PositionStatus;

/** Ledger against venue: futures positions and spot balances, and a mismatch that holds only when it persists. */
class ReconciliationTest {
    private final TradeosConfig config = ConfigLoader.load(null, Map.of());
    private final Map<String, BigDecimal> futures = new HashMap<>();
    private final Map<String, BigDecimal> spot = new HashMap<>();
    private final Map<String, List<Position>> ledger = new HashMap<>();

    private VenueAdapter venue(String name, Map<String, BigDecimal> positions) {
        return new VenueAdapter() {
            public String venue() { return name; }
            public InstrumentRules rules(String symbol) { throw new UnsupportedOperationException(); }
            public VenueOrder place(OrderRequest request) { throw new UnsupportedOperationException(); }
            public Optional<VenueOrder> find(String c, String s, BigDecimal q, Instant a) { throw new UnsupportedOperationException(); }
            public Map<String, BigDecimal> positions() { return Map.copyOf(positions); }
            public void close() { }
        };
    }

    private Reconciliation reconciliation() {
        return new Reconciliation(config, Map.of("KRAKEN_SPOT", venue("KRAKEN_SPOT", spot), "KRAKEN_FUTURES", venue("KRAKEN_FUTURES", futures)),
                PositionLedger.inMemory(() -> true, i -> Optional.of(ledger.getOrDefault(i, List.of()))));
    }

    private static Position position(String instrument, String venue, String qty) {
        return new Position(instrument, venue, new BigDecimal(qty), BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ZERO,
                PositionStatus.OPEN, "momentum", 0, 1, Instant.now(), null, null);
    }

    @Test
    void agreeingBooksHaveNoMismatchAndKrakensLegacyAssetNamesAreRead() {
        futures.put("PF_XBTUSD", new BigDecimal("-0.5"));
        spot.put("XXBT", new BigDecimal("1.25")); // Kraken's Balance spells XBT as XXBT
        spot.put("ETH", new BigDecimal("2"));
        ledger.put("BTC-USD", List.of(position("BTC-USD", "KRAKEN_FUTURES", "-0.5"), position("BTC-USD", "KRAKEN_SPOT", "1.25")));
        ledger.put("ETH-USD", List.of(position("ETH-USD", "KRAKEN_SPOT", "2")));
        Reconciliation.Report report = reconciliation().run();
        assertThat(report.mismatches()).isEmpty();
        assertThat(report.unreadable()).isEmpty();
    }

    @Test
    void aMismatchIsReportedAtOnceAndHoldsItsInstrumentOnlyWhenTheNextRunStillSeesIt() {
        futures.put("PF_ETHUSD", new BigDecimal("1"));
        Reconciliation r = reconciliation();
        Reconciliation.Report first = r.run();
        assertThat(first.mismatches()).singleElement().satisfies(m -> {
            assertThat(m.instrument()).isEqualTo("ETH-USD");
            assertThat(m.venue()).isEqualTo("KRAKEN_FUTURES");
            assertThat(m.ledger()).isZero();
            assertThat(m.atVenue()).isEqualByComparingTo("1");
        });
        assertThat(r.holds("ETH-USD")).as("the ledger may only lag the venue").isFalse();
        r.run();
        assertThat(r.holds("ETH-USD")).as("still different a run later: held").isTrue();
        ledger.put("ETH-USD", List.of(position("ETH-USD", "KRAKEN_FUTURES", "1")));
        r.run();
        assertThat(r.holds("ETH-USD")).as("agreeing again: released").isFalse();
    }
}
