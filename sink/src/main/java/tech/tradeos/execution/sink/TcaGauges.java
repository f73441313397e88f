package tech.tradeos.execution.sink;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tech.tradeos.execution.model.tca.TcaUpdate;

/**
 * The TCA as Prometheus gauges (docs/README.md §Metrics), read from the monitor's latest snapshot: what a Grafana user
 * alerts on (equity, drawdown) and charts (Sharpe, win rate, savings against the static priority list per signal
 * type and venue). An undefined figure (Sharpe with fewer than two returns) is NaN, Prometheus' "no value".
 */
final class TcaGauges {
    private final List<SessionGauge> sessionGauges = new ArrayList<>();
    private final List<SignalGauge> signalGauges = new ArrayList<>();
    private final List<VenueGauge> venueGauges = new ArrayList<>();
    private final MultiGauge markouts;

    private record SessionGauge(MultiGauge gauge, Function<TcaUpdate.SessionStats, Number> value) {
    }

    private record SignalGauge(MultiGauge gauge, Function<TcaUpdate.SignalStats, Number> value) {
    }

    private record VenueGauge(MultiGauge gauge, Function<TcaUpdate.VenueStats, Number> value) {
    }

    TcaGauges(MeterRegistry registry) {
        session(registry, "tradeos.tca.equity", "the session's equity: starting equity + realized + funding + unrealized",
                s -> s.equity());
        session(registry, "tradeos.tca.unrealized.pnl", "open positions' P&L at the latest mids, less their open entry fees",
                s -> s.unrealizedPnl());
        session(registry, "tradeos.tca.funding", "the session's funding: received positive (carry paid is its negative)",
                s -> s.funding());
        session(registry, "tradeos.tca.realized.pnl", "the session's realized trading P&L", s -> s.realizedPnl());
        session(registry, "tradeos.tca.max.drawdown", "the session's maximum drawdown (a fraction, ≤ 0)",
                s -> s.maxDrawdown());
        session(registry, "tradeos.tca.sharpe", "the session's annualised Sharpe ratio (NaN while undefined)",
                s -> s.sharpe());
        session(registry, "tradeos.tca.sortino", "the session's annualised Sortino ratio (NaN while undefined)",
                s -> s.sortino());
        signal(registry, "tradeos.tca.signal.realized.pnl", "realized P&L per signal type (USD)", TcaUpdate.SignalStats::realizedPnl);
        signal(registry, "tradeos.tca.signal.funding", "funding booked on a signal type's positions (received positive)",
                TcaUpdate.SignalStats::funding);
        signal(registry, "tradeos.tca.signal.win.rate", "win rate of closed trades per signal type", TcaUpdate.SignalStats::winRate);
        signal(registry, "tradeos.tca.signal.savings", "expected savings of the SOR vs the static priority list per signal type (USD)",
                TcaUpdate.SignalStats::expectedSavings);
        signal(registry, "tradeos.tca.signal.savings.bps", "expected savings vs static priority per signal type, bps of notional",
                TcaUpdate.SignalStats::expectedSavingsBps);
        venue(registry, "tradeos.tca.venue.savings.bps", "expected savings vs static priority per venue chosen, bps of notional",
                TcaUpdate.VenueStats::expectedSavingsBps);
        venue(registry, "tradeos.tca.venue.funding", "funding booked at a venue (received positive; carry paid is its negative)",
                TcaUpdate.VenueStats::funding);
        venue(registry, "tradeos.tca.venue.expected.carry", "carry the router expected on the orders it sent a venue (paid positive)",
                TcaUpdate.VenueStats::expectedCarry);
        venue(registry, "tradeos.tca.venue.slippage.bps", "average slippage of a venue's fills vs the expected VWAP (bps)",
                TcaUpdate.VenueStats::avgSlippageBps);
        markouts = MultiGauge.builder("tradeos.tca.venue.markout.bps")
                .description("average markout of a venue's fills at 1 s, 10 s and 60 s (bps, positive = in the fill's favour)")
                .register(registry);
        venue(registry, "tradeos.tca.venue.arrival.shortfall.bps", "average shortfall of a venue's fills vs the arrival mid (bps)",
                TcaUpdate.VenueStats::avgArrivalShortfallBps);
    }

    /** Publishes {@code snapshot}'s figures, tagged with its session and mode (a new session replaces the old series). */
    void update(TcaUpdate.Snapshot snapshot) {
        Tags session = Tags.of("session", snapshot.session().id(), "mode", snapshot.session().mode().name());
        for (SessionGauge g : sessionGauges) {
            g.gauge().register(List.of(MultiGauge.Row.of(session, number(g.value().apply(snapshot.session())))), true);
        }
        for (SignalGauge g : signalGauges) {
            g.gauge().register(snapshot.signals().stream()
                    .map(s -> MultiGauge.Row.of(session.and("signal_type", s.signalType()), number(g.value().apply(s))))
                    .toList(), true);
        }
        for (VenueGauge g : venueGauges) {
            g.gauge().register(snapshot.venues().stream()
                    .map(v -> MultiGauge.Row.of(session.and("venue", v.venue()), number(g.value().apply(v))))
                    .toList(), true);
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (TcaUpdate.VenueStats v : snapshot.venues()) {
            rows.add(MultiGauge.Row.of(session.and("venue", v.venue(), "horizon", "1s"), number(v.markout1sBps())));
            rows.add(MultiGauge.Row.of(session.and("venue", v.venue(), "horizon", "10s"), number(v.markout10sBps())));
            rows.add(MultiGauge.Row.of(session.and("venue", v.venue(), "horizon", "60s"), number(v.markout60sBps())));
        }
        markouts.register(rows, true);
    }

    private void session(MeterRegistry registry, String name, String description, Function<TcaUpdate.SessionStats, Number> value) {
        sessionGauges.add(new SessionGauge(MultiGauge.builder(name).description(description).register(registry), value));
    }

    private void signal(MeterRegistry registry, String name, String description, Function<TcaUpdate.SignalStats, Number> value) {
        signalGauges.add(new SignalGauge(MultiGauge.builder(name).description(description).register(registry), value));
    }

    private void venue(MeterRegistry registry, String name, String description, Function<TcaUpdate.VenueStats, Number> value) {
        venueGauges.add(new VenueGauge(MultiGauge.builder(name).description(description).register(registry), value));
    }

    private static double number(Number n) {
        return n == null ? Double.NaN : n instanceof BigDecimal d ? d.doubleValue() : n.doubleValue();
    }
}
