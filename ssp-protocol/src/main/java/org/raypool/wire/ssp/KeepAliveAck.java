package org.raypool.wire.ssp;

import java.util.OptionalInt;

/**
 * Type 0x05, either direction. The PE sends a Status word (always 0); the RSPLIB PU sends no body. Both forms
 * exist on the wire, so the status is optional and the form round-trips.
 */
public record KeepAliveAck(OptionalInt status) implements SspMessage {
    public KeepAliveAck {
        if (status == null) {
            throw new IllegalArgumentException("status must not be null (use OptionalInt.empty())");
        }
    }

    /** The 8-byte form a PE sends: status 0. */
    public static KeepAliveAck ofPoolElement() {
        return new KeepAliveAck(OptionalInt.of(0));
    }

    /** The 4-byte form the RSPLIB PU sends: no body. */
    public static KeepAliveAck ofPoolUser() {
        return new KeepAliveAck(OptionalInt.empty());
    }

    @Override
    public SspType type() {
        return SspType.KEEP_ALIVE_ACK;
    }

    @Override
    public int length() {
        return SspCodec.HEADER_LENGTH + (status.isPresent() ? 4 : 0);
    }
}
