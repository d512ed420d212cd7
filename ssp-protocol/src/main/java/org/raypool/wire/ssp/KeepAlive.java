package org.raypool.wire.ssp;

/** Type 0x04, either direction: the peer must answer with a {@link KeepAliveAck}. */
public record KeepAlive() implements SspMessage {
    @Override
    public SspType type() {
        return SspType.KEEP_ALIVE;
    }

    @Override
    public int length() {
        return SspCodec.HEADER_LENGTH;
    }
}
