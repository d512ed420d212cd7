package org.raypool.wire.param;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** Cookie parameter (0x000D): at least one opaque byte of PE state a PU hands to the next PE on failover. */
public record Cookie(byte[] data) implements Parameter {

    /** Largest cookie that fits a TLV (16-bit length including the 4-byte header). */
    public static final int MAX_LENGTH = 0xFFFF - 4;

    public Cookie {
        Objects.requireNonNull(data, "data");
        if (data.length < 1 || data.length > MAX_LENGTH) {
            throw new IllegalArgumentException("a cookie has 1.." + MAX_LENGTH + " bytes, not " + data.length);
        }
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public int length() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cookie other && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Cookie[" + HexFormat.of().formatHex(data) + "]";
    }

    @Override
    public ParameterType parameterType() {
        return ParameterType.COOKIE;
    }
}
