package org.raypool.registrar.handlespace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A pool handle: opaque bytes, compared byte-wise. Ordered like RSPLIB (length first, then
 * unsigned bytes) so that iteration over pools is stable and matches RSPLIB's table order.
 *
 * <p>Any length can be represented, because a registration with an invalid handle must be
 * answerable with cause 0xF004; only handles with {@link #isValid()} are ever stored.
 */
public final class PoolHandle implements Comparable<PoolHandle> {

    /** RSPLIB {@code MAX_POOLHANDLESIZE}. */
    public static final int MAX_LENGTH = 32;

    private final byte[] content;
    private final int hash;

    private PoolHandle(byte[] content) {
        this.content = content;
        this.hash = Arrays.hashCode(content);
    }

    /** A handle with a copy of the given bytes. */
    public static PoolHandle of(byte[] content) {
        return new PoolHandle(content.clone());
    }

    /** A handle whose bytes are the UTF-8 encoding of {@code name} (no terminating NUL). */
    public static PoolHandle of(String name) {
        return new PoolHandle(name.getBytes(StandardCharsets.UTF_8));
    }

    /** True for 1..32 bytes. */
    public boolean isValid() {
        return content.length >= 1 && content.length <= MAX_LENGTH;
    }

    public int length() {
        return content.length;
    }

    /** A copy of the handle bytes. */
    public byte[] bytes() {
        return content.clone();
    }

    int byteAt(int index) {
        return content[index] & 0xFF;
    }

    @Override
    public int compareTo(PoolHandle other) {
        int c = Integer.compare(content.length, other.content.length);
        return c != 0 ? c : Arrays.compareUnsigned(content, other.content);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoolHandle other && Arrays.equals(content, other.content);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Printable ASCII as text, anything else as hex. */
    @Override
    public String toString() {
        for (byte b : content) {
            if (b < 0x20 || b > 0x7E) {
                StringBuilder hex = new StringBuilder("0x");
                for (byte x : content) {
                    hex.append(String.format("%02x", x & 0xFF));
                }
                return hex.toString();
            }
        }
        return new String(content, StandardCharsets.US_ASCII);
    }
}
