package tech.tradeos.execution.sink;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import tech.tradeos.execution.model.Decimals;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.Mode;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.position.Position;
import tech.tradeos.execution.model.tca.TcaMath;
import tech.tradeos.execution.model.tca.TcaUpdate;

/**
 * Turns the ledger into TCA (docs/README.md §TCA) for the current session and one mode (the sink's, unless asked for
 * the other). Figures are recomputed from the ledger after each batch, so they are always those of what PostgreSQL
 * holds, whatever was redelivered or replayed; open positions are marked to the latest mids {@link Marks} holds.
 */
public final class TcaMonitor {
    /** The most equity points the curve endpoint serves (the newest): a year of hours. */
    static final int MAX_CURVE_POINTS = 10_000;

    private final Jdbi jdbi;
    private final TradeosConfig.Tca config;
    private final Mode mode;
    private final Clock clock;
    private final TcaSessions sessions;
    private final Marks marks;
    private final Map<Mode, TcaUpdate.Snapshot> latest = new ConcurrentHashMap<>();
    private final Map<Mode, TcaUpdate.EquityCurve> curves = new ConcurrentHashMap<>();

    /** {@code marks} may be null: open positions are then unmarked (counted at entry). */
    public TcaMonitor(Jdbi jdbi, TradeosConfig config, Clock clock, Marks marks) {
        this.jdbi = jdbi;
        this.config = config.tca();
        this.mode = config.mode();
        this.clock = clock;
        this.sessions = new TcaSessions(jdbi, config.tca(), clock);
        this.marks = marks;
        sessions.ensureConfigured();
    }

    public TcaSessions sessions() {
        return sessions;
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
        return refresh(mode);
    }

    /** The current session's figures for {@code mode}. */
    public TcaUpdate.Snapshot refresh(Mode mode) {
        TcaSessions.Session session = sessions.current();
        var since = session.startedAt().atOffset(ZoneOffset.UTC);
        String m = mode.name();
        List<TcaUpdate.SignalStats> signals = jdbi.withExtension(TcaDao.class, d -> d.signals(since, m)).stream()
                .map(r -> new TcaUpdate.SignalStats(r.signalType(), r.fills(), r.closedTrades(), r.wins(),
                        r.closedTrades() == 0 ? null : (double) r.wins() / r.closedTrades(),
                        Decimals.clean(r.realizedPnl()), Decimals.clean(r.funding()), average(r.avgSlippageBps()), r.routedOrders(),
                        Decimals.clean(r.savings()), Decimals.bps(r.savings(), r.notionalUsd())))
                .toList();
        List<TcaUpdate.VenueStats> venues = jdbi.withExtension(TcaDao.class, d -> d.venues(since, m)).stream()
                .map(r -> new TcaUpdate.VenueStats(r.venue(), r.routedOrders(), Decimals.clean(r.notionalUsd()),
                        Decimals.clean(r.savings()), Decimals.bps(r.savings(), r.notionalUsd()), Decimals.clean(r.expectedCarry()),
                        Decimals.clean(r.funding()), r.fills(), average(r.avgSlippageBps()), average(r.avgArrivalShortfallBps()),
                        average(r.markout1sBps()), average(r.markout10sBps()), average(r.markout60sBps())))
                .toList();
        Instant now = clock.instant();
        List<TcaMath.Realized> events = new ArrayList<>(jdbi.withExtension(TcaDao.class, d -> d.realized(since, m)).stream()
                .map(r -> new TcaMath.Realized(r.closedAt().toInstant(), r.realizedPnl())).toList());
        BigDecimal realizedPnl = signals.stream().map(TcaUpdate.SignalStats::realizedPnl).reduce(BigDecimal.ZERO, BigDecimal::add);
        // every payment has a venue, not always a signal (a venue payment on a position the ledger never opened)
        BigDecimal funding = venues.stream().map(TcaUpdate.VenueStats::funding).reduce(BigDecimal.ZERO, BigDecimal::add);
        Unrealized unrealized = unrealized(jdbi.withExtension(PositionDao.class, PositionDao::all));
        if (unrealized.pnl().signum() != 0) {
            events.add(new TcaMath.Realized(now, unrealized.pnl())); // the period in progress, marked to market
        }
        List<BigDecimal> curve = TcaMath.equityCurve(session.startingEquity(), events, config.returnPeriod());
        double[] returns = TcaMath.returns(curve);
        double perYear = TcaMath.periodsPerYear(config.returnPeriod());
        TcaUpdate.SessionStats stats = new TcaUpdate.SessionStats(session.id(), session.startedAt(), mode,
                session.startingEquity(), Decimals.clean(curve.get(curve.size() - 1)), Decimals.clean(realizedPnl),
                Decimals.clean(funding), Decimals.clean(unrealized.pnl()), unrealized.unmarked(), config.returnPeriod(),
                returns.length, TcaMath.sharpe(returns, perYear), TcaMath.sortino(returns, perYear), TcaMath.maxDrawdown(curve));
        List<BigDecimal> points = curve.subList(Math.max(0, curve.size() - MAX_CURVE_POINTS), curve.size()).stream()
                .map(Decimals::clean).toList();
        curves.put(mode, new TcaUpdate.EquityCurve(session.id(), session.startedAt(), mode, config.returnPeriod(), points));
        TcaUpdate.Snapshot snapshot = new TcaUpdate.Snapshot(signals, venues, stats, now);
        latest.put(mode, snapshot);
        return snapshot;
    }

    /** The open positions' P&L at their venue's latest mid, less their open entry fees; how many had no mid. */
    record Unrealized(BigDecimal pnl, int unmarked) {
    }

    Unrealized unrealized(List<Position> positions) {
        BigDecimal pnl = BigDecimal.ZERO;
        int unmarked = 0;
        for (Position p : positions) {
            if (!p.isOpen()) {
                continue;
            }
            Marks.Mark mark = marks == null ? null : marks.mark(p.venue(), p.instrument());
            if (mark == null) {
                unmarked++;
                continue;
            }
            pnl = pnl.add(p.quantity().multiply(mark.mid().subtract(p.avgEntry()))).subtract(p.entryFees());
        }
        return new Unrealized(Decimals.clean(pnl), unmarked);
    }

    /** The equity curve of the last refresh for {@code mode} (computed now if there is none yet). */
    public TcaUpdate.EquityCurve curve(Mode mode) {
        TcaUpdate.EquityCurve c = curves.get(mode);
        if (c == null) {
            refresh(mode);
            c = curves.get(mode);
        }
        return c;
    }

    /** An average PostgreSQL computed (numeric, many digits) at the division scale; null stays null. */
    private static BigDecimal average(BigDecimal value) {
        return value == null ? null : Decimals.clean(value.setScale(Decimals.DIVISION_SCALE, Decimals.ROUNDING));
    }


    /** The last computed snapshot of the sink's mode (computed now if there is none yet). */
    public TcaUpdate.Snapshot snapshot() {
        TcaUpdate.Snapshot s = latest.get(mode);
        return s != null ? s : refresh();
    }
}
