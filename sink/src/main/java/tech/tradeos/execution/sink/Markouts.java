package tech.tradeos.execution.sink;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.Decimals;
import tech.tradeos.execution.model.Fill;

/**
 * Markouts (docs/README.md §TCA): 1 s, 10 s and 60 s after a fill, the fill venue's latest mid against the fill price,
 * s·(mid − price)/price·10⁴ bps — positive when the market moved in the fill's favour, negative when the fill was
 * picked off. Measured only for fills the sink records as they happen (within {@link #LIVE} of their time: a replayed
 * or late fill has no book of its moment any more) and only from a book stamped after the fill; kept in
 * {@code fill_markouts}. A markout still pending when the sink stops is not taken.
 */
final class Markouts implements AutoCloseable {
    static final List<Duration> HORIZONS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(60));
    static final Duration LIVE = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(Markouts.class);

    interface Dao {
        @SqlUpdate("""
                INSERT INTO fill_markouts (fill_id, horizon_seconds, venue, mid, mid_at, markout_bps)
                VALUES (:fillId, :horizon, :venue, :mid, :midAt, :bps)
                ON CONFLICT (fill_id, horizon_seconds) DO NOTHING
                """)
        void insert(@Bind("fillId") String fillId, @Bind("horizon") int horizon, @Bind("venue") String venue,
                    @Bind("mid") BigDecimal mid, @Bind("midAt") OffsetDateTime midAt, @Bind("bps") BigDecimal bps);
    }

    private final Jdbi jdbi;
    private final Marks marks;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong noBook = new AtomicLong();

    Markouts(Jdbi jdbi, Marks marks, Clock clock) {
        this.jdbi = jdbi;
        this.marks = marks;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sink-markouts");
            t.setDaemon(true);
            return t;
        });
    }

    /** s·(mid − price)/price·10⁴: positive in the fill's favour. */
    static BigDecimal bps(int sideSign, BigDecimal price, BigDecimal mid) {
        BigDecimal diff = mid.subtract(price);
        return Decimals.bps(sideSign > 0 ? diff : diff.negate(), price);
    }

    /** Schedules the markouts of fills recorded as they happen. */
    void onFills(List<Fill> fills) {
        Instant now = clock.instant();
        for (Fill f : fills) {
            if (Duration.between(f.filledAt(), now).compareTo(LIVE) > 0) {
                continue;
            }
            for (Duration h : HORIZONS) {
                long delay = Math.max(0, Duration.between(now, f.filledAt().plus(h)).toMillis());
                scheduler.schedule(() -> take(f, h), delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The markout of {@code f} at horizon {@code h} from the latest mid, if a book after the fill is there. */
    void take(Fill f, Duration h) {
        try {
            Marks.Mark mark = marks.mark(f.venue(), f.instrument());
            if (mark == null || mark.at().isBefore(f.filledAt())) {
                noBook.incrementAndGet();
                return;
            }
            jdbi.useExtension(Dao.class, d -> d.insert(f.fillId(), (int) h.toSeconds(), f.venue(), mark.mid(),
                    mark.at().atOffset(ZoneOffset.UTC), bps(f.side().sign(), f.price(), mark.mid())));
            taken.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.warn("markout of {} at {} not recorded: {}", f.fillId(), h, e.toString());
        }
    }

    long taken() {
        return taken.get();
    }

    long withoutBook() {
        return noBook.get();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
