package org.raypool.registrar.handlespace;

import java.util.Optional;

/**
 * Outcome of {@link Handlespace#reportUnreachable} (registrar-behaviour §3.5).
 *
 * @param entry   the reported entry, or null if it is not in the handlespace
 * @param reports the entry's unreachability count after this report
 * @param removed the count reached MaxBadPEReports and the entry was removed
 * @param owned   the entry's home is this registrar: on removal send Handle Update (Delete)
 */
public record UnreachableOutcome<T>(PoolElementEntry<T> entry, int reports, boolean removed, boolean owned) {

    static <T> UnreachableOutcome<T> unknown() {
        return new UnreachableOutcome<>(null, 0, false, false);
    }

    public boolean found() {
        return entry != null;
    }

    public Optional<PoolElementEntry<T>> optionalEntry() {
        return Optional.ofNullable(entry);
    }
}
