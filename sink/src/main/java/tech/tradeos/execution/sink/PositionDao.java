package tech.tradeos.execution.sink;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import tech.tradeos.execution.model.position.Position;

/** The {@code positions} table: the authoritative positions, one row per (instrument, venue). */
@RegisterConstructorMapper(Position.class)
public interface PositionDao {
    String COLUMNS = "instrument, venue, quantity, avg_entry, realized_pnl, entry_fees, status, signal_type, "
            + "pending_orders, version, updated_at, funding, open_funding";

    /** Creates the flat rows that are missing, so they can be locked: pairs (instruments[i], venues[i]). */
    @SqlUpdate("""
            INSERT INTO positions (instrument, venue, quantity, avg_entry, realized_pnl, entry_fees, status, version)
            SELECT k.instrument, k.venue, 0, 0, 0, 0, 'CLOSED', 0
              FROM unnest(CAST(:instruments AS text[]), CAST(:venues AS text[])) AS k (instrument, venue)
            ON CONFLICT (instrument, venue) DO NOTHING
            """)
    void ensure(@Bind("instruments") String[] instruments, @Bind("venues") String[] venues);

    /** Locks positions for this transaction, in key order, so two sinks cannot deadlock on them. */
    @SqlQuery("SELECT " + COLUMNS + """
             FROM positions
            WHERE (instrument, venue) IN (SELECT * FROM unnest(CAST(:instruments AS text[]), CAST(:venues AS text[])))
            ORDER BY instrument, venue
            FOR UPDATE
            """)
    List<Position> lock(@Bind("instruments") String[] instruments, @Bind("venues") String[] venues);

    @SqlBatch("""
            UPDATE positions SET quantity = :quantity, avg_entry = :avgEntry, realized_pnl = :realizedPnl,
                   entry_fees = :entryFees, status = :status, signal_type = :signalType,
                   pending_orders = :pendingOrders, version = :version, updated_at = :updatedAt,
                   funding = :funding, open_funding = :openFunding
             WHERE instrument = :instrument AND venue = :venue
            """)
    void update(@BindMethods List<PositionRow> positions);

    @SqlQuery("SELECT " + COLUMNS + " FROM positions ORDER BY instrument, venue")
    List<Position> all();

    @SqlQuery("SELECT " + COLUMNS + " FROM positions WHERE instrument = :instrument ORDER BY venue")
    List<Position> ofInstrument(@Bind("instrument") String instrument);

    @SqlQuery("SELECT " + COLUMNS + " FROM positions WHERE instrument = :instrument AND venue = :venue")
    java.util.Optional<Position> find(@Bind("instrument") String instrument, @Bind("venue") String venue);

    record PositionRow(Position p) {
        public String instrument() { return p.instrument(); }
        public String venue() { return p.venue(); }
        public java.math.BigDecimal quantity() { return p.quantity(); }
        public java.math.BigDecimal avgEntry() { return p.avgEntry(); }
        public java.math.BigDecimal realizedPnl() { return p.realizedPnl(); }
        public java.math.BigDecimal entryFees() { return p.entryFees(); }
        public String status() { return p.status().name(); }
        public String signalType() { return p.signalType(); }
        public int pendingOrders() { return p.pendingOrders(); }
        public long version() { return p.version(); }
        public java.math.BigDecimal funding() { return p.funding(); }
        public java.math.BigDecimal openFunding() { return p.openFunding(); }
        public java.time.OffsetDateTime updatedAt() {
            return p.updatedAt() == null ? null : p.updatedAt().atOffset(java.time.ZoneOffset.UTC);
        }
    }
}
