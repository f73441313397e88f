package tech.tradeos.execution.topology.processor;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.position.Position;
import tech.tradeos.execution.model.position.PositionGate;
import tech.tradeos.execution.model.position.PositionLedger;
import tech.tradeos.execution.model.position.RouterPositions;
import tech.tradeos.execution.topology.metrics.RouterMetrics;
import tech.tradeos.execution.topology.state.Decisions;
import tech.tradeos.execution.topology.state.HeldQueue;
import tech.tradeos.execution.topology.state.RoutingRecord;

/**
 * Which intents may be routed now (docs/README.md §Positions): a replayed intentId is dropped (the dedupe memory, kept for
 * {@code routing.dedupe-retention}); an intent waits in its instrument's held queue, in arrival order,
 * while the instrument has an order without a confirmed fill, its positions are being read, or the ledger
 * is unreachable (UNKNOWN). The router's record of an instrument is seeded from the ledger the first time
 * it is needed: the read runs on the ledger's threads, and the stream thread waits for it at most
 * {@code positions.seed-wait-ms}.
 */
final class IntentGate {
    private static final Logger LOG = LoggerFactory.getLogger(IntentGate.class);

    /** What to do with an intent now. */
    sealed interface Verdict permits Duplicate, Reused, Expired, Held, Pass {
    }

    /** A replay of an intent already answered or held: nothing is produced. */
    record Duplicate() implements Verdict {
    }

    /** Too old to trade (routing.max-intent-age): answered EXPIRED. */
    /** The intentId was already decided for another instrument: answered with a rejection, never dropped silently. */
    record Reused(String detail) implements Verdict {
    }

    record Expired(String detail) implements Verdict {
    }

    /** Put in the held queue, for the reason given. */
    record Held(String reason) implements Verdict {
    }

    /** May be routed now against {@code record}. */
    record Pass(RouterPositions record) implements Verdict {
    }

    /** What the reconcile punctuation does with held intents: route them once confirmed, or expire them. */
    interface Release {
        void route(ApprovedIntent intent, RouterPositions record, long nowMs);

        void expire(HeldQueue.Held held, long nowMs);
    }

    /** Decisions forgotten at most per punctuation (one a minute): 20 000 a minute outpaces any intent rate. */
    static final int FORGET_BATCH = 20_000;

    private final TradeosConfig config;
    private final PositionLedger ledger;
    private final RouterMetrics metrics;
    /** Ledger reads under way, one per instrument whose record is not seeded yet. */
    private final Map<String, CompletableFuture<List<Position>>> seeding = new HashMap<>();
    private Decisions decisions;
    private KeyValueStore<String, RouterPositions> positions;
    private HeldQueue held;

    IntentGate(TradeosConfig config, PositionLedger ledger, RouterMetrics metrics) {
        this.config = config;
        this.ledger = ledger;
        this.metrics = metrics;
    }

    void init(Decisions decisions, KeyValueStore<String, RouterPositions> positions, HeldQueue held) {
        this.decisions = decisions;
        this.positions = positions;
        this.held = held;
        seeding.clear();
    }

    /** The verdict for an arriving intent; a held one is already queued when this returns. */
    Verdict admit(ApprovedIntent intent, Instant now) {
        RoutingRecord earlier = decisions.get(intent.intentId());
        String earlierInstrument = earlier == null ? null : instrumentOf(earlier);
        if (earlierInstrument != null && !earlierInstrument.equals(intent.instrument())) {
            LOG.warn("intent {} of {} reuses the id of an intent of {}; rejecting it", intent.intentId(), intent.instrument(),
                    earlierInstrument);
            return new Reused("intentId " + intent.intentId() + " was already used for " + earlierInstrument
                    + " (an intent is deduplicated by (instrument, intentId); a reused id is answered, never routed)");
        }
        if (earlier != null) {
            LOG.info("intent {} was already received; the replay produces nothing", intent.intentId());
            metrics.duplicateIntent();
            return new Duplicate();
        }
        long ageMs = now.toEpochMilli() - intent.createdAt().toEpochMilli();
        if (ageMs > config.routing().maxIntentAge().toMillis()) {
            return new Expired("created " + intent.createdAt() + ", " + ageMs + " ms before it reached the router"
                    + " (routing.max-intent-age " + config.routing().maxIntentAge() + ")");
        }
        Verdict verdict = held.holdsAny(intent.instrument())
                ? new Held("behind earlier intents for " + intent.instrument())
                : check(intent.instrument(), config.positions().seedWaitMs());
        if (verdict instanceof Held h) {
            held.append(new HeldQueue.Held(intent, now, h.reason()));
            // the dedupe memory knows a held intent too: a replay of it while it waits produces nothing
            decisions.record(RoutingRecord.held(intent.intentId(), now, h.reason()), now);
            metrics.held();
            LOG.info("intent {} held while {} is reconciled: {}", intent.intentId(), intent.instrument(), h.reason());
        }
        return verdict;
    }

    /** The instrument an earlier decision was for, when its record tells (a held record does not). */
    static String instrumentOf(RoutingRecord r) {
        if (r.order() != null) {
            return r.order().instrument();
        }
        if (r.rejection() != null && r.rejection().intent() != null && r.rejection().intent().hasNonNull("instrument")) {
            return r.rejection().intent().get("instrument").asText();
        }
        return null;
    }

    /**
     * Whether the instrument may trade now; seeds its record from the ledger the first time, waiting at most
     * {@code waitMs} for the read (a read still under way, or failed, holds; the punctuation looks again).
     */
    private Verdict check(String instrument, long waitMs) {
        RouterPositions record = positions.get(instrument);
        if (record == null && !config.knowsInstrument(instrument)) {
            // rejected UNKNOWN_INSTRUMENT by the router; nothing to read or keep
            return new Pass(RouterPositions.fromLedger(instrument, List.of()));
        }
        if (record == null) {
            String reading = "reading the positions of " + instrument + " from the ledger";
            CompletableFuture<List<Position>> read = seeding.computeIfAbsent(instrument, ledger::read);
            try {
                List<Position> ledgerPositions = waitMs > 0 ? read.get(waitMs, TimeUnit.MILLISECONDS) : read.getNow(null);
                if (ledgerPositions == null) {
                    return new Held(reading);
                }
                seeding.remove(instrument);
                record = RouterPositions.fromLedger(instrument, ledgerPositions);
                positions.put(instrument, record);
            } catch (TimeoutException slow) {
                return new Held(reading);
            } catch (ExecutionException | CompletionException failed) {
                seeding.remove(instrument); // the next look starts a new read
                return new Held("position UNKNOWN: " + (failed.getCause() == null ? failed : failed.getCause()).getMessage());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return new Held(reading);
            }
        }
        String wait = PositionGate.waitReason(record, ledger.reachable());
        return wait == null ? new Pass(record) : new Held(wait);
    }

    /** Wall-clock punctuation: held intents expire past the timeout, or are released in order once confirmed. */
    void reconcile(long nowMs, Release release) {
        long timeoutMs = config.positions().reconcileTimeoutMs();
        Set<String> waiting = new HashSet<>();
        for (KeyValue<String, HeldQueue.Held> entry : held.all()) {
            String instrument = HeldQueue.instrumentOf(entry.key);
            if (waiting.contains(instrument)) {
                continue; // an earlier intent of this instrument still waits: the ones behind it do too
            }
            HeldQueue.Held first = entry.value;
            if (nowMs - first.heldAt().toEpochMilli() > timeoutMs) {
                release.expire(first, nowMs);
            } else if (check(instrument, 0) instanceof Pass pass) {
                release.route(first.intent(), pass.record(), nowMs);
            } else {
                waiting.add(instrument);
                continue;
            }
            held.remove(entry.key);
        }
    }

    /**
     * Wall-clock punctuation: decisions older than {@code routing.dedupe-retention} are forgotten, so the store
     * stays bounded — at most {@code FORGET_BATCH} a punctuation, read from the time index, so a backlog is
     * worked off over several punctuations instead of stalling the stream thread.
     */
    void forgetOldDecisions(long nowMs) {
        int forgotten = decisions.forgetBefore(nowMs - config.routing().dedupeRetention().toMillis(), FORGET_BATCH);
        if (forgotten > 0) {
            LOG.info("forgot {} decisions older than {}", forgotten, config.routing().dedupeRetention());
        }
    }
}
