package org.raypool.wire;

import java.nio.ByteBuffer;

/**
 * Turns one protocol's messages into bytes and back. Decoding reads exactly one message from the buffer's
 * remaining bytes and throws {@link ProtocolException} - never anything else - on malformed input.
 */
public interface MessageCodec<M> {
    Protocol protocol();

    byte[] encode(M message);

    M decode(ByteBuffer buffer) throws ProtocolException;

    default M decode(byte[] bytes) throws ProtocolException {
        return decode(ByteBuffer.wrap(bytes));
    }
}
