package org.raypool.wire.param;

import java.nio.ByteBuffer;
import java.util.List;

import org.raypool.wire.ProtocolException;

/**
 * The common header of one received ASAP or ENRP message (docs/protocol/asap-enrp-wire.md §2, §8 rule 1) and a copy of
 * its bytes. Shared by the ASAP and ENRP codecs.
 */
public final class MessageFrame {
    private final byte[] bytes;
    private final int type;
    private final int flags;
    private final int consumed;

    private MessageFrame(byte[] bytes, int type, int flags, int consumed) {
        this.bytes = bytes;
        this.type = type;
        this.flags = flags;
        this.consumed = consumed;
    }

    /**
     * Validates the header at the buffer's position without moving it: Length >= 4 and within the remaining
     * bytes. The bytes copied are exactly Length, so nothing is allocated that the input does not hold.
     */
    public static MessageFrame read(ByteBuffer buffer, String protocol) throws ProtocolException {
        int available = buffer.remaining();
        if (available < 4) {
            throw new ProtocolException(protocol + " message: " + available + " byte(s) at offset 0, a header needs 4", ProtocolException.CAUSE_INVALID_MESSAGE, null, false);
        }
        int p = buffer.position();
        int type = buffer.get(p) & 0xFF;
        int flags = buffer.get(p + 1) & 0xFF;
        // Byte by byte: the caller's buffer may be little-endian.
        int length = ((buffer.get(p + 2) & 0xFF) << 8) | (buffer.get(p + 3) & 0xFF);
        if (length < 4) {
            throw new ProtocolException(protocol + " message type " + WireText.hex(type, 2) + ": Length " + length
                    + " at offset 2 is less than 4", ProtocolException.CAUSE_INVALID_MESSAGE, null, false);
        }
        if (length > available) {
            throw new ProtocolException(protocol + " message type " + WireText.hex(type, 2) + ": Length " + length
                    + " at offset 2 exceeds the " + available + " byte(s) available", ProtocolException.CAUSE_INVALID_MESSAGE,
                    null, false);
        }
        byte[] bytes = new byte[length];
        buffer.get(p, bytes);
        return new MessageFrame(bytes, type, flags, Math.min((length + 3) & ~3, available));
    }

    public int type() {
        return type;
    }

    public int flags() {
        return flags;
    }

    public boolean flag(int mask) {
        return (flags & mask) != 0;
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the message (Length bytes), e.g. as info of an "Unrecognized Message" cause. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** A reader over the body after the header, for parameters and fixed fields. */
    public TlvReader body(String context, List<byte[]> reported) {
        return new TlvReader(bytes, 4, bytes.length, true, context, reported);
    }

    /** Moves the buffer past the message and the padding that follows it, as far as the buffer holds it. */
    public void consume(ByteBuffer buffer) {
        buffer.position(buffer.position() + consumed);
    }
}
