package org.raypool.wire.asap;

import java.util.Objects;
import java.util.OptionalInt;

import org.raypool.wire.param.PoolHandle;

/**
 * Endpoint Keep-Alive (0x07), PR to PE. {@code home} is the H bit: the sending PR wants to become the PE's home.
 * RSPLIB appends the probed PE's identifier (non-standard, optional here).
 */
public record EndpointKeepAlive(int serverIdentifier, boolean home, PoolHandle poolHandle,
        OptionalInt peIdentifier) implements AsapMessage {

    public static final int H_BIT = 0x01;

    public EndpointKeepAlive {
        Objects.requireNonNull(poolHandle, "poolHandle");
        Objects.requireNonNull(peIdentifier, "peIdentifier");
    }

    /** The RSPLIB form, naming the probed PE. */
    public static EndpointKeepAlive of(int serverIdentifier, boolean home, PoolHandle poolHandle, int peIdentifier) {
        return new EndpointKeepAlive(serverIdentifier, home, poolHandle, OptionalInt.of(peIdentifier));
    }

    @Override
    public AsapMessageType type() {
        return AsapMessageType.ENDPOINT_KEEP_ALIVE;
    }
}
