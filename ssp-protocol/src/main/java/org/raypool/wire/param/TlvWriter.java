package org.raypool.wire.param;

import java.util.Arrays;

/**
 * Builds an ASAP/ENRP message the way RSPLIB does (docs/protocol/asap-enrp-wire.md §2, §3): a TLV's Length excludes the
 * zero padding written after it, an enclosing TLV's Length includes its children and their padding, and the message
 * Length is the number of bytes written. Sizes beyond the 16-bit length fields throw {@link IllegalArgumentException}.
 */
public final class TlvWriter {
    private byte[] buf = new byte[256];
    private int pos;

    /** A writer with the 4-byte common header already in place. */
    public static TlvWriter message(int type, int flags) {
        TlvWriter w = new TlvWriter();
        w.u8(type).u8(flags).u16(0);
        return w;
    }

    public TlvWriter u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    public TlvWriter u16(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    public TlvWriter u32(int v) {
        return u16(v >>> 16).u16(v);
    }

    public TlvWriter u32(long v) {
        return u32((int) v);
    }

    public TlvWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    /** Starts a TLV; returns the mark to give to {@link #end(int)}. */
    public int begin(int type) {
        int mark = pos;
        u16(type).u16(0);
        return mark;
    }

    /** Sets the TLV's Length to what was written since {@code begin}, then pads to 4 bytes. */
    public void end(int mark) {
        int length = pos - mark;
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("parameter type 0x" + Integer.toHexString(u16At(mark))
                    + " would be " + length + " bytes, more than a 16-bit Length allows");
        }
        put16(mark + 2, length);
        while ((pos & 3) != 0) {
            u8(0);
        }
    }

    /** Sets the message Length and returns the bytes. */
    public byte[] finishMessage() {
        if (pos > 0xFFFF) {
            throw new IllegalArgumentException("message would be " + pos + " bytes, more than a 16-bit Length allows");
        }
        put16(2, pos);
        return toByteArray();
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    public int size() {
        return pos;
    }

    private void put16(int at, int v) {
        buf[at] = (byte) (v >>> 8);
        buf[at + 1] = (byte) v;
    }

    private int u16At(int at) {
        return ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }
}
