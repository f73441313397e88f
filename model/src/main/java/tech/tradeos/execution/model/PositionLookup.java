package tech.tradeos.execution.model;

import java.util.List;
import java.util.Optional;

/**
 * How the router reads the authoritative positions of an instrument (SPEC §7): every venue's
 * position, or empty when the state cannot be read at all (UNKNOWN, which counts as open).
 */
@FunctionalInterface
public interface PositionLookup {
    Optional<List<Position>> positions(String instrument);

    /** No position store: every instrument is flat and confirmed (the quote command, tests). */
    PositionLookup NONE = instrument -> Optional.of(List.of());
}
