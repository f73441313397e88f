package tech.tradeos.execution.model.position;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import tech.tradeos.execution.model.position.Position;

/**
 * The authoritative positions as the trade path sees them (docs/README.md §Positions), shaped so that the stream thread
 * never waits on the network: {@link #reachable} is a state kept current by the implementation off the
 * caller's thread, and {@link #read} runs on the implementation's own threads. The router reads an
 * instrument once, to seed its own record; afterwards only reachability matters.
 */
public interface PositionLedger {
    /** False when neither Redis nor PostgreSQL answered the last check: positions are UNKNOWN (count as open). Never blocks. */
    boolean reachable();

    /**
     * Every venue's position of {@code instrument}, read off the caller's thread; completes exceptionally
     * (with the reason) when neither store answers within the implementation's timeout.
     */
    CompletableFuture<List<Position>> read(String instrument);

    /** A one-line description for the start banner (no secrets). */
    default String describe() {
        return getClass().getSimpleName();
    }

    /** No ledger: every instrument starts flat and the ledger is always reachable (the quote command, benches, a router run without one). */
    PositionLedger NONE = new PositionLedger() {
        @Override
        public boolean reachable() {
            return true;
        }

        @Override
        public CompletableFuture<List<Position>> read(String instrument) {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public String describe() {
            return "none (positions from the router's own record only)";
        }
    };

    /**
     * A ledger answered synchronously from memory (tests): {@code positions} returns empty when neither
     * store would answer.
     */
    static PositionLedger inMemory(BooleanSupplier reachable, Function<String, Optional<List<Position>>> positions) {
        return new PositionLedger() {
            @Override
            public boolean reachable() {
                return reachable.getAsBoolean();
            }

            @Override
            public CompletableFuture<List<Position>> read(String instrument) {
                return positions.apply(instrument).map(CompletableFuture::completedFuture)
                        .orElseGet(() -> CompletableFuture.failedFuture(
                                new IllegalStateException("neither Redis nor PostgreSQL answered")));
            }
        };
    }
}
