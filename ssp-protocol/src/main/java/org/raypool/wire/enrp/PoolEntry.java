package org.raypool.wire.enrp;

import java.util.Objects;

import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;

/** One handlespace entry: a PE in its pool. */
public record PoolEntry(PoolHandle poolHandle, PoolElement poolElement) {
    public PoolEntry {
        Objects.requireNonNull(poolHandle, "poolHandle");
        Objects.requireNonNull(poolElement, "poolElement");
    }
}
