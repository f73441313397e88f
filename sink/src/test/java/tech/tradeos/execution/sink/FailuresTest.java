package tech.tradeos.execution.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which failures to record a batch are retried, and which are the data's fault (recorded one by one, the culprit dead-lettered). */
class FailuresTest {
    @Test
    void anUnreachableOrBusyDatabaseIsTransient() {
        assertThat(Failures.isTransient(new RuntimeException(new SQLTransientConnectionException("pool timed out")))).isTrue();
        assertThat(Failures.isTransient(new RuntimeException(new SQLException("connection refused", "08001")))).isTrue();
        assertThat(Failures.isTransient(new RuntimeException(new SQLException("deadlock detected", "40P01")))).isTrue();
        assertThat(Failures.isTransient(new RuntimeException(new SQLException("no state")))).isTrue();
    }

    @Test
    void aValueTheDatabaseRefusesOrABugIsTheDatasFault() {
        assertThat(Failures.isTransient(new RuntimeException(new SQLException("invalid byte sequence", "22021")))).isFalse();
        assertThat(Failures.isTransient(new RuntimeException(new SQLException("check violation", "23514")))).isFalse();
        assertThat(Failures.isTransient(new ArithmeticException("/ by zero"))).isFalse();
        assertThat(Failures.isTransient(new NullPointerException())).isFalse();
    }

    @Test
    void aRevokedPrivilegeAMissingTableOrAReadOnlyDatabaseIsSystemicNotTheRecordsFault() {
        for (String state : new String[] {"42501", "42P01", "42703", "3F000", "25006", "28P01"}) {
            assertThat(Failures.isSystemic(new RuntimeException(new SQLException("refused", state)))).as(state).isTrue();
        }
        assertThat(Failures.isSystemic(new RuntimeException(new SQLException("check violation", "23514")))).isFalse();
        assertThat(Failures.isSystemic(new NullPointerException())).isFalse();
    }
}
