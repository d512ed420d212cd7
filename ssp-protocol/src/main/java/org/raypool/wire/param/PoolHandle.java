package org.raypool.wire.param;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Pool Handle parameter (0x0009): 1..32 opaque bytes naming a pool, compared byte-wise and case-sensitively
 * (docs/protocol/asap-enrp-wire.md §4.5). {@code equals}/{@code hashCode} work on the content (a plain record over
 * {@code byte[]} would compare identities); ordering is RSPLIB's (length, then unsigned bytes). {@link #toString()} is
 * the UTF-8 text.
 */
public record PoolHandle(byte[] bytes) implements Parameter, Comparable<PoolHandle> {

    /** RSPLIB's MAX_POOLHANDLESIZE. */
    public static final int MAX_LENGTH = 32;

    public PoolHandle {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < 1 || bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("a pool handle has 1.." + MAX_LENGTH + " bytes, not " + bytes.length);
        }
        bytes = bytes.clone();
    }

    public static PoolHandle fromString(String name) {
        return new PoolHandle(name.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of the handle bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** The byte at {@code index}, for checksum computation without copying. */
    public int byteAt(int index) {
        return bytes[index] & 0xFF;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoolHandle other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(PoolHandle o) {
        int c = Integer.compare(bytes.length, o.bytes.length);
        return c != 0 ? c : Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** The handle as UTF-8 text (malformed sequences become U+FFFD). */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public ParameterType parameterType() {
        return ParameterType.POOL_HANDLE;
    }
}
