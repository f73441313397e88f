package tech.tradeos.execution.executor;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.executor.venue.VenueSymbols;
import tech.tradeos.execution.executor.venue.VenueAdapter;
import tech.tradeos.execution.model.config.Redaction;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.config.VenueConfig;
import tech.tradeos.execution.model.position.Position;
import tech.tradeos.execution.model.position.PositionLedger;

/**
 * The ledger's positions against the venue's, per instrument and venue (docs/README.md §Live execution): run at
 * start and on {@code POST /reconcile}. A futures venue reports signed positions per contract; a spot venue the
 * account's balance of the base asset (Kraken spells XBT as XXBT, ETH as XETH). A mismatch is logged and
 * counted; one found by two reconciliations in a row (the ledger may lag the venue by the fills in flight)
 * holds the instrument under {@code executor.mismatch-policy: hold}: its orders are REJECTED with the reason
 * until a reconciliation finds it agreeing again.
 */
final class Reconciliation {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

    /** One (instrument, venue) whose ledger quantity is not the venue's. */
    record Mismatch(String instrument, String venue, BigDecimal ledger, BigDecimal atVenue) {
    }

    /** The last reconciliation: when, what differed, and what could not be read. */
    record Report(Instant at, List<Mismatch> mismatches, List<String> unreadable, Set<String> held) {
    }

    private final TradeosConfig config;
    private final Map<String, VenueAdapter> adapters;
    private final PositionLedger ledger;
    private volatile Report last = new Report(null, List.of(), List.of(), Set.of());

    Reconciliation(TradeosConfig config, Map<String, VenueAdapter> adapters, PositionLedger ledger) {
        this.config = config;
        this.adapters = adapters;
        this.ledger = ledger;
    }

    Report last() {
        return last;
    }

    /** Whether orders of {@code instrument} are held by the last reconciliation (policy hold). */
    boolean holds(String instrument) {
        return last.held().contains(instrument);
    }

    synchronized Report run() {
        List<Mismatch> mismatches = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (Map.Entry<String, VenueAdapter> e : adapters.entrySet()) {
            String venue = e.getKey();
            VenueConfig table = config.venues().get(venue);
            Map<String, BigDecimal> atVenue;
            try {
                atVenue = e.getValue().positions();
            } catch (RuntimeException failed) {
                unreadable.add(venue + ": " + Redaction.message(failed));
                continue;
            }
            for (Map.Entry<String, String> listed : table.symbols().entrySet()) {
                String instrument = listed.getKey();
                String symbol = VenueSymbols.rest(venue, listed.getValue());
                BigDecimal venueQty = venueQuantity(table, symbol, atVenue);
                BigDecimal ledgerQty;
                try {
                    ledgerQty = ledger.read(instrument).get(30, TimeUnit.SECONDS).stream().filter(p -> p.venue().equals(venue))
                            .map(Position::quantity).findFirst().orElse(BigDecimal.ZERO);
                } catch (Exception failed) {
                    unreadable.add("ledger " + instrument + ": " + Redaction.message(failed));
                    continue;
                }
                if (ledgerQty.compareTo(venueQty) != 0) {
                    mismatches.add(new Mismatch(instrument, venue, ledgerQty, venueQty));
                    LOG.warn("reconciliation: {} on {}: the ledger holds {}, the venue {}", instrument, venue,
                            ledgerQty.toPlainString(), venueQty.toPlainString());
                }
            }
        }
        Set<String> held = new TreeSet<>();
        if (config.executor().mismatchPolicy().equals("hold")) {
            Set<String> before = new TreeSet<>();
            last.mismatches().forEach(m -> before.add(m.instrument() + "@" + m.venue()));
            mismatches.stream().filter(m -> before.contains(m.instrument() + "@" + m.venue())).forEach(m -> held.add(m.instrument()));
        }
        last = new Report(Instant.now(), List.copyOf(mismatches), List.copyOf(unreadable), Set.copyOf(held));
        LOG.info("reconciliation: {} mismatches, {} unreadable, held {}", mismatches.size(), unreadable.size(), held);
        return last;
    }

    /** The venue's quantity for a symbol: a futures position, or a spot balance of the symbol's base asset. */
    static BigDecimal venueQuantity(VenueConfig table, String symbol, Map<String, BigDecimal> atVenue) {
        if (table.market() == tech.tradeos.execution.model.Market.PERP) {
            return atVenue.getOrDefault(symbol, BigDecimal.ZERO);
        }
        String base = tech.tradeos.execution.executor.venue.Assets.base(symbol);
        BigDecimal balance = atVenue.get(base);
        if (balance == null) {
            balance = atVenue.get("X" + base); // Kraken's legacy asset names: XXBT, XETH
        }
        return balance == null ? BigDecimal.ZERO : balance;
    }
}
