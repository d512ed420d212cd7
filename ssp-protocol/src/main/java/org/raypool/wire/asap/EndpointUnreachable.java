package org.raypool.wire.asap;

import java.util.Objects;

import org.raypool.wire.param.PoolHandle;

/** Endpoint Unreachable (0x09), PU to PR: the PU could not use this PE. Never answered. */
public record EndpointUnreachable(PoolHandle poolHandle, int peIdentifier) implements AsapMessage {
    public EndpointUnreachable {
        Objects.requireNonNull(poolHandle, "poolHandle");
    }

    @Override
    public AsapMessageType type() {
        return AsapMessageType.ENDPOINT_UNREACHABLE;
    }
}
