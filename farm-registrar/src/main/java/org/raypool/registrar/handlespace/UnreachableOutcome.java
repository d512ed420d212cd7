package org.raypool.registrar.handlespace;

import java.util.Objects;

/**
 * Outcome of {@link Handlespace#reportUnreachable} for a known PE (docs/protocol/registrar-behaviour.md §3.5).
 *
 * @param entry   the reported entry
 * @param reports the entry's unreachability count after this report
 * @param removed the count reached MaxBadPEReports and the entry was removed
 * @param owned   the entry's home is this registrar: on removal send Handle Update (Delete)
 */
public record UnreachableOutcome(PoolElementEntry entry, int reports, boolean removed, boolean owned) {

    public UnreachableOutcome {
        Objects.requireNonNull(entry, "entry");
    }
}
