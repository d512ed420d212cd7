package org.raypool.wire.asap;

import java.util.Objects;

import org.raypool.wire.param.PoolHandle;

/** Deregistration (0x02), PE to PR. */
public record Deregistration(PoolHandle poolHandle, int peIdentifier) implements AsapMessage {
    public Deregistration {
        Objects.requireNonNull(poolHandle, "poolHandle");
    }

    @Override
    public AsapMessageType type() {
        return AsapMessageType.DEREGISTRATION;
    }

    @Override
    public String toString() {
        return String.format("Deregistration[%s, 0x%08x]", poolHandle, peIdentifier);
    }
}
