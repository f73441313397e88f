package tech.tradeos.execution.sink;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The funding tables: the newest record per perp venue and instrument, and the payments booked. */
public interface FundingDao {
    /** A funding payment: {@code amount} is received positive, paid negative, in the venue's quote currency. */
    record Payment(String instrument, String venue, OffsetDateTime fundingTime, BigDecimal rate, BigDecimal markPrice,
                   String markSource, BigDecimal quantity, BigDecimal amount, String signalType, String paymentId) {
    }

    /** The newest record held for a venue and instrument (JSON), locked for this transaction. */
    @SqlQuery("SELECT body::text FROM funding_latest WHERE venue = :venue AND instrument = :instrument FOR UPDATE")
    Optional<String> latest(@Bind("venue") String venue, @Bind("instrument") String instrument);

    @SqlUpdate("""
            INSERT INTO funding_latest (venue, instrument, body) VALUES (:venue, :instrument, CAST(:body AS jsonb))
            ON CONFLICT (venue, instrument) DO UPDATE SET body = excluded.body
            """)
    void holdLatest(@Bind("venue") String venue, @Bind("instrument") String instrument, @Bind("body") String body);

    /** The signed base quantity held on (instrument, venue) at {@code at}: every fill up to and including it. */
    @SqlQuery("""
            SELECT COALESCE(sum(CASE WHEN side = 'BUY' THEN quantity ELSE -quantity END), 0)
              FROM fills WHERE instrument = :instrument AND venue = :venue AND filled_at <= :at
            """)
    BigDecimal quantityAt(@Bind("instrument") String instrument, @Bind("venue") String venue, @Bind("at") OffsetDateTime at);

    /** The price of the last fill on (instrument, venue) up to {@code at}: the mark when the venue published none. */
    @SqlQuery("""
            SELECT price FROM fills WHERE instrument = :instrument AND venue = :venue AND filled_at <= :at
             ORDER BY filled_at DESC, fill_id DESC LIMIT 1
            """)
    Optional<BigDecimal> lastFillPrice(@Bind("instrument") String instrument, @Bind("venue") String venue,
                                       @Bind("at") OffsetDateTime at);

    /** Books a payment once: empty when that settlement (or that venue payment id) was booked before (a replay). */
    @SqlQuery("""
            INSERT INTO funding_payments (instrument, venue, funding_time, rate, mark_price, mark_source, quantity, amount,
                                          signal_type, payment_id)
            VALUES (:instrument, :venue, :fundingTime, :rate, :markPrice, :markSource, :quantity, :amount, :signalType,
                    :paymentId)
            ON CONFLICT DO NOTHING
            RETURNING true
            """)
    Optional<Boolean> book(@BindMethods Payment payment);

    @SqlQuery("""
            SELECT instrument, venue, funding_time, rate, mark_price, mark_source, quantity, amount, signal_type, payment_id
              FROM funding_payments ORDER BY funding_time, instrument, venue
            """)
    @RegisterConstructorMapper(Payment.class)
    List<Payment> all();
}
