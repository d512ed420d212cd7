package org.raypool.wire.ssp;

import java.util.HexFormat;

/** Checks and describes the data field of a {@link FileChunk}. */
final class Data {
    private Data() {
    }

    static byte[] copy(byte[] data) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null (an empty array marks end of file)");
        }
        if (data.length > SspCodec.MAX_DATA) {
            throw new IllegalArgumentException(
                    "data has " + data.length + " bytes, at most " + SspCodec.MAX_DATA + " fit into one message");
        }
        return data.clone();
    }

    static String describe(byte[] data) {
        if (data.length == 0) {
            return "end of file";
        }
        int shown = Math.min(data.length, 8);
        return data.length + " bytes " + HexFormat.of().formatHex(data, 0, shown) + (shown < data.length ? "…" : "");
    }
}
