package tech.tradeos.execution.sink;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Whether a failure to record a batch will pass by itself (PostgreSQL unreachable, a deadlock, a
 * serialization failure: retry the same batch) or is this data's fault (a value PostgreSQL refuses, a
 * bug that throws on this record: retrying forever would stop the ledger for everyone).
 */
final class Failures {
    /** SQLSTATE classes that say "try again": connection, transaction rollback, resources, operator, system. */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "55", "57", "58", "HY");

    /**
     * SQLSTATEs that say "the database cannot take any record now": privilege (42501), a missing table, column or
     * schema (42P01, 42703, 3F000), a read-only database (25006), authentication (class 28). No record is at fault:
     * dead-lettering them one by one would drain valid records; the sink stops the batch and alerts instead.
     */
    private static final Set<String> SYSTEMIC_STATES = Set.of("42501", "42P01", "42703", "3F000", "25006");

    private Failures() {
    }

    /** Whether {@code failure} is the database's or its grants' fault, not a record's (see {@link #SYSTEMIC_STATES}). */
    static boolean isSystemic(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                return SYSTEMIC_STATES.contains(state) || state.startsWith("28");
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                return state == null || state.length() < 2 || TRANSIENT_CLASSES.contains(state.substring(0, 2));
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
