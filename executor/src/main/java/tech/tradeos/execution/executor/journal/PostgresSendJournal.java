package tech.tradeos.execution.executor.journal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import tech.tradeos.execution.model.OrderState;
import tech.tradeos.execution.model.config.TradeosConfig;

/**
 * The send journal in the ledger's PostgreSQL schema ({@code executor_sends}, migrated by the executor itself with its
 * own Flyway history table, so it does not depend on the sink having run). A claim is one {@code INSERT … ON
 * CONFLICT DO NOTHING} committed before the request leaves: the row exists, or the insert failed and nothing is sent.
 */
public final class PostgresSendJournal implements SendJournal {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    public PostgresSendJournal(TradeosConfig.Postgres config) {
        HikariConfig hikari = new HikariConfig();
        hikari.addDataSourceProperty("connectTimeout", 5);
        hikari.addDataSourceProperty("socketTimeout", 10);
        hikari.addDataSourceProperty("options", "-c statement_timeout=5000");
        hikari.setJdbcUrl(config.url());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setSchema(config.schema());
        hikari.setMaximumPoolSize(8);
        hikari.setConnectionTimeout(5_000);
        hikari.setInitializationFailTimeout(-1); // start while PostgreSQL is down: claims fail, so nothing is sent
        hikari.setPoolName("tradeos-executor-journal");
        dataSource = new HikariDataSource(hikari);
        jdbi = Jdbi.create(dataSource);
        Flyway.configure().dataSource(dataSource).schemas(config.schema()).createSchemas(true)
                .table("executor_schema_history").locations("classpath:db/executor").baselineOnMigrate(true)
                .baselineVersion("0").load().migrate();
    }

    @Override
    public boolean claim(Entry e) {
        return jdbi.withHandle(h -> h.createUpdate("""
                INSERT INTO executor_sends (order_id, venue, instrument, client_order_id, claimed_by, claimed_at, venue_deadline,
                                            state, reason, order_json)
                VALUES (:orderId, :venue, :instrument, :clientOrderId, :claimedBy, :claimedAt, :venueDeadline, 'SENT', NULL, :orderJson)
                ON CONFLICT (order_id) DO NOTHING""")
                .bind("orderId", e.orderId()).bind("venue", e.venue()).bind("instrument", e.instrument())
                .bind("clientOrderId", e.clientOrderId()).bind("claimedBy", e.claimedBy())
                .bind("claimedAt", Timestamp.from(e.claimedAt()))
                .bind("venueDeadline", e.venueDeadline() == null ? null : Timestamp.from(e.venueDeadline()))
                .bind("orderJson", e.orderJson()).execute()) == 1;
    }

    @Override
    public Optional<Entry> get(String orderId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM executor_sends WHERE order_id = :id").bind("id", orderId)
                .map((rs, ctx) -> entry(rs)).findOne());
    }

    @Override
    public void settle(String orderId, OrderState state, String reason) {
        // a final state is never turned back into UNKNOWN by a slower run
        jdbi.useHandle(h -> h.createUpdate("""
                UPDATE executor_sends SET state = :state, reason = :reason, settled_at = now(), lease_owner = NULL, lease_until = NULL
                WHERE order_id = :id AND state IN ('SENT', 'UNKNOWN')""")
                .bind("state", state.name()).bind("reason", reason).bind("id", orderId).execute());
    }

    @Override
    public boolean resolveByHand(String orderId, OrderState state, String by, String reason) {
        return jdbi.withHandle(h -> h.createUpdate("""
                UPDATE executor_sends SET state = :state, reason = :reason, resolved_by = :by, settled_at = now()
                WHERE order_id = :id AND state IN ('SENT', 'UNKNOWN')""")
                .bind("state", state.name()).bind("reason", reason).bind("by", by).bind("id", orderId).execute()) == 1;
    }

    @Override
    public List<Entry> unresolved(Instant sentBefore, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT * FROM executor_sends
                WHERE state = 'UNKNOWN' OR (state = 'SENT' AND claimed_at < :before)
                ORDER BY claimed_at LIMIT :limit""")
                .bind("before", Timestamp.from(sentBefore)).bind("limit", limit).map((rs, ctx) -> entry(rs)).list());
    }

    @Override
    public boolean lease(String orderId, String owner, Duration lease) {
        return jdbi.withHandle(h -> h.createUpdate("""
                UPDATE executor_sends SET lease_owner = :owner, lease_until = now() + make_interval(secs => :secs)
                WHERE order_id = :id AND state IN ('SENT', 'UNKNOWN')
                  AND (lease_until IS NULL OR lease_until < now() OR lease_owner = :owner)""")
                .bind("owner", owner).bind("secs", (double) lease.toMillis() / 1000).bind("id", orderId).execute()) == 1;
    }

    private static Entry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp deadline = rs.getTimestamp("venue_deadline");
        return new Entry(rs.getString("order_id"), rs.getString("venue"), rs.getString("instrument"),
                rs.getString("client_order_id"), rs.getString("claimed_by"), rs.getTimestamp("claimed_at").toInstant(),
                deadline == null ? null : deadline.toInstant(), rs.getString("state"), rs.getString("reason"),
                rs.getString("order_json"));
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
