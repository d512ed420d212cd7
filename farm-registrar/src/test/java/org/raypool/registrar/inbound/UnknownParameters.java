package org.raypool.registrar.inbound;

import java.nio.ByteBuffer;

/** The issue-15 attack message: a request padded with parameters of unknown types whose bits say "skip, report". */
public final class UnknownParameters {
    private UnknownParameters() {}

    /** {@code message} followed by {@code count} empty parameters of unknown types (0xCF00.., RFC 5351 §2.2 bits 11). */
    public static byte[] appendTo(byte[] message, int count) {
        ByteBuffer b = ByteBuffer.allocate(message.length + 4 * count);
        b.put(message);
        for (int i = 0; i < count; i++) b.putShort((short) (0xC000 | (0x0F00 + i % 200))).putShort((short) 4);
        b.putShort(2, (short) b.capacity());
        return b.array();
    }

    /** As many as fit into one 64 KiB message. */
    public static byte[] fill(byte[] message) {
        return appendTo(message, (65_535 - message.length) / 4);
    }
}
