package org.raypool.wire.asap;

import java.util.Objects;

import org.raypool.wire.param.PoolHandle;

/** Endpoint Keep-Alive Ack (0x08), PE to its home PR. */
public record EndpointKeepAliveAck(PoolHandle poolHandle, int peIdentifier) implements AsapMessage {
    public EndpointKeepAliveAck {
        Objects.requireNonNull(poolHandle, "poolHandle");
    }

    @Override
    public AsapMessageType type() {
        return AsapMessageType.ENDPOINT_KEEP_ALIVE_ACK;
    }
}
