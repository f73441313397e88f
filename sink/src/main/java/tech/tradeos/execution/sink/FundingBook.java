package tech.tradeos.execution.sink;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.model.Decimals;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.Versioned;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.position.FundingSettlement;
import tech.tradeos.execution.model.position.Position;

/**
 * Books perp funding from the funding records (docs/README.md §Funding). A record announces its settlement at
 * {@code nextFundingTime} with {@code rate}; when a newer record for the same venue and instrument shows a later
 * {@code nextFundingTime}, that settlement has happened, and the position held at its instant pays
 * −quantity × mark × rate (a long pays a positive rate, a short receives it). The quantity is summed from the
 * fills up to the settlement instant, so it does not depend on the order in which fills and funding records
 * were read; the mark is the record's {@code markPrice}, else the last fill price up to that instant.
 * A payment is keyed by (instrument, venue, settlement time): a replay never books it twice.
 */
final class FundingBook {
    private static final Logger LOG = LoggerFactory.getLogger(FundingBook.class);

    private FundingBook() {
    }

    /**
     * Takes {@code records} in (newest-wins per venue and instrument, the held record locked) and returns the
     * settlements they show to have happened, in key and time order.
     */
    static List<FundingSettlement> advance(Handle handle, List<FundingRate> records) {
        FundingDao dao = handle.attach(FundingDao.class);
        Map<String, FundingRate> held = new HashMap<>();
        List<FundingSettlement> settled = new ArrayList<>();
        // in key order, so that two sinks lock the held records in the same order
        List<FundingRate> sorted = records.stream()
                .sorted(Comparator.comparing(FundingRate::venue).thenComparing(FundingRate::instrument).thenComparing(Versioned.ORDER))
                .toList();
        for (FundingRate r : sorted) {
            String key = r.venue() + "\u0000" + r.instrument();
            FundingRate before = held.containsKey(key) ? held.get(key) : dao.latest(r.venue(), r.instrument()).map(FundingBook::read).orElse(null);
            if (!Versioned.supersedes(r, before)) {
                held.put(key, before);
                continue;
            }
            FundingSettlement settlement = FundingSettlement.between(before, r);
            if (settlement != null) {
                settled.add(settlement);
                Duration gap = Duration.between(before.nextFundingTime(), r.nextFundingTime());
                if (gap.compareTo(Duration.ofHours(before.intervalHours())) > 0) {
                    LOG.warn("funding of {} {} jumped from {} to {}: the settlements between had no record and are not booked",
                            r.venue(), r.instrument(), before.nextFundingTime(), r.nextFundingTime());
                }
            }
            dao.holdLatest(r.venue(), r.instrument(), Json.text(r));
            held.put(key, r);
        }
        return settled;
    }

    /**
     * Books each settlement on the position it finds in {@code positions} (locked by the caller, keyed by
     * {@code key(instrument, venue)}), returning the payments that were new; positions are replaced in the map.
     */
    static List<FundingDao.Payment> book(Handle handle, List<FundingSettlement> settlements, Map<String, Position> positions,
                                         java.util.function.BiFunction<String, String, String> key) {
        FundingDao dao = handle.attach(FundingDao.class);
        List<FundingDao.Payment> booked = new ArrayList<>();
        for (FundingSettlement s : settlements) {
            var at = s.at().atOffset(ZoneOffset.UTC);
            BigDecimal quantity = dao.quantityAt(s.instrument(), s.venue(), at);
            if (quantity.signum() == 0) {
                continue;
            }
            Optional<BigDecimal> lastFill = s.markPrice() != null ? Optional.empty() : dao.lastFillPrice(s.instrument(), s.venue(), at);
            BigDecimal mark = s.markPrice() != null ? s.markPrice() : lastFill.orElseThrow();
            String source = s.markPrice() != null ? "VENUE_MARK" : "LAST_FILL";
            BigDecimal amount = FundingSettlement.payment(quantity, mark, s.rate());
            String k = key.apply(s.instrument(), s.venue());
            Position position = positions.get(k);
            FundingDao.Payment payment = new FundingDao.Payment(s.instrument(), s.venue(), at, s.rate(), mark, source,
                    Decimals.clean(quantity), amount, position == null ? null : position.signalType(), null);
            bookOnce(dao, payment, s.at(), positions, k, booked);
        }
        return booked;
    }

    /**
     * LIVE: books the payments the venues reported (their amount, as booked on the account) on the positions in
     * {@code positions}, once per (venue, paymentId); returns those that were new.
     */
    static List<FundingDao.Payment> bookReported(Handle handle, List<tech.tradeos.execution.model.FundingPayment> reported,
                                                 Map<String, Position> positions,
                                                 java.util.function.BiFunction<String, String, String> key) {
        FundingDao dao = handle.attach(FundingDao.class);
        List<FundingDao.Payment> booked = new ArrayList<>();
        for (var r : reported) {
            String k = key.apply(r.instrument(), r.venue());
            Position position = positions.get(k);
            FundingDao.Payment payment = new FundingDao.Payment(r.instrument(), r.venue(), r.at().atOffset(ZoneOffset.UTC),
                    r.rate(), r.markPrice(), "VENUE_PAYMENT", null, Decimals.clean(r.amount()),
                    position == null ? null : position.signalType(), r.paymentId());
            bookOnce(dao, payment, r.at(), positions, k, booked);
        }
        return booked;
    }

    /**
     * Books {@code payment} unless it was booked before (a replay, a redelivery) and, when new, adds it to
     * {@code booked} and to the position under {@code key} in {@code positions}, if there is one.
     */
    private static void bookOnce(FundingDao dao, FundingDao.Payment payment, java.time.Instant at,
                                 Map<String, Position> positions, String key, List<FundingDao.Payment> booked) {
        if (dao.book(payment).isEmpty()) {
            return;
        }
        booked.add(payment);
        Position position = positions.get(key);
        if (position != null) {
            positions.put(key, tech.tradeos.execution.model.position.PositionMath.applyFunding(position, payment.amount(), at));
        }
    }

    private static FundingRate read(String json) {
        try {
            return Json.read(json, FundingRate.class);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable funding record in funding_latest: " + e.getMessage(), e);
        }
    }
}
