package tech.tradeos.execution.sink;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import tech.tradeos.execution.model.Decimals;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.tca.TcaMath;
import tech.tradeos.execution.model.tca.TcaUpdate;

/**
 * Turns committed fills into TCA (docs/README.md §TCA). Figures are recomputed from the ledger after each batch,
 * so they are always those of what PostgreSQL holds, whatever was redelivered or replayed.
 */
public final class TcaMonitor {
    private final Jdbi jdbi;
    private final TradeosConfig.Tca config;
    private final Clock clock;
    private final AtomicReference<TcaUpdate.Snapshot> latest = new AtomicReference<>();

    public TcaMonitor(Jdbi jdbi, TradeosConfig.Tca config, Clock clock) {
        this.jdbi = jdbi;
        this.config = config;
        this.clock = clock;
    }

    /** Recomputes the snapshot and returns one update per new fill. */
    public List<TcaUpdate> onFills(List<Fill> newFills) {
        TcaUpdate.Snapshot snapshot = refresh();
        Map<String, TcaUpdate.SignalStats> bySignal = snapshot.signals().stream()
                .collect(Collectors.toMap(TcaUpdate.SignalStats::signalType, Function.identity()));
        List<TcaUpdate> updates = new ArrayList<>();
        for (Fill f : newFills) {
            TcaUpdate.FillTca fill = new TcaUpdate.FillTca(f.fillId(), f.orderId(), f.venue(), f.slippageBps(),
                    TcaMath.arrivalShortfallBps(f.side().sign(), f.price(), f.arrivalMid()));
            updates.add(new TcaUpdate(f.signalType(), fill, bySignal.get(f.signalType()), snapshot.session(), snapshot.at()));
        }
        return updates;
    }

    /**
     * One update per signal type with the ledger's current figures and no fill: published at start, so a
     * TCA message lost after a commit (a crash, a broker outage) is superseded on the compacted topic.
     */
    public List<TcaUpdate> current() {
        TcaUpdate.Snapshot snapshot = refresh();
        return snapshot.signals().stream()
                .map(signal -> new TcaUpdate(signal.signalType(), null, signal, snapshot.session(), snapshot.at()))
                .toList();
    }

    public TcaUpdate.Snapshot refresh() {
        List<TcaUpdate.SignalStats> signals = jdbi.withExtension(TcaDao.class, TcaDao::signals).stream()
                .map(r -> new TcaUpdate.SignalStats(r.signalType(), r.fills(), r.closedTrades(), r.wins(),
                        r.closedTrades() == 0 ? null : (double) r.wins() / r.closedTrades(),
                        Decimals.clean(r.realizedPnl()), Decimals.clean(r.funding()), average(r.avgSlippageBps()), r.routedOrders(),
                        Decimals.clean(r.savings()), bps(r.savings(), r.notionalUsd())))
                .toList();
        List<TcaUpdate.VenueStats> venues = jdbi.withExtension(TcaDao.class, TcaDao::venues).stream()
                .map(r -> new TcaUpdate.VenueStats(r.venue(), r.routedOrders(), Decimals.clean(r.notionalUsd()),
                        Decimals.clean(r.savings()), bps(r.savings(), r.notionalUsd()), Decimals.clean(r.expectedCarry()),
                        Decimals.clean(r.funding()), r.fills(),
                        average(r.avgSlippageBps()), average(r.avgArrivalShortfallBps())))
                .toList();
        List<TcaMath.Realized> realized = jdbi.withExtension(TcaDao.class, TcaDao::realized).stream()
                .map(r -> new TcaMath.Realized(r.closedAt().toInstant(), r.realizedPnl())).toList();
        List<BigDecimal> curve = TcaMath.equityCurve(config.startingEquity(), realized, config.returnPeriod());
        double[] returns = TcaMath.returns(curve);
        double perYear = TcaMath.periodsPerYear(config.returnPeriod());
        TcaUpdate.SessionStats session = new TcaUpdate.SessionStats(config.startingEquity(),
                Decimals.clean(curve.get(curve.size() - 1)), config.returnPeriod(), returns.length,
                TcaMath.sharpe(returns, perYear), TcaMath.sortino(returns, perYear), TcaMath.maxDrawdown(curve),
                curve.stream().map(Decimals::clean).toList());
        TcaUpdate.Snapshot snapshot = new TcaUpdate.Snapshot(signals, venues, session, clock.instant());
        latest.set(snapshot);
        return snapshot;
    }

    /** An average PostgreSQL computed (numeric, many digits) at the division scale; null stays null. */
    private static BigDecimal average(BigDecimal value) {
        return value == null ? null : Decimals.clean(value.setScale(Decimals.DIVISION_SCALE, Decimals.ROUNDING));
    }

    /** Savings over notional in bps (the notional-weighted mean of every order's bps); null without notional. */
    private static BigDecimal bps(BigDecimal savings, BigDecimal notionalUsd) {
        return notionalUsd == null || notionalUsd.signum() == 0 ? null
                : Decimals.divide(savings.multiply(Decimals.TEN_THOUSAND), notionalUsd);
    }

    /** The last computed snapshot (computed now if there is none yet). */
    public TcaUpdate.Snapshot snapshot() {
        TcaUpdate.Snapshot s = latest.get();
        return s != null ? s : refresh();
    }
}
