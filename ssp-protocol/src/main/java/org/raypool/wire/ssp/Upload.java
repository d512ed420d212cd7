package org.raypool.wire.ssp;

import java.util.Arrays;

/** Type 0x02, PU → PE: a chunk of the work package or environment file; empty data marks the end of the file. */
public record Upload(byte[] data) implements FileChunk {
    private static final Upload END_OF_FILE = new Upload(new byte[0]);

    public Upload {
        data = Data.copy(data);
    }

    public static Upload endOfFile() {
        return END_OF_FILE;
    }

    /** A copy of the data. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public int dataLength() {
        return data.length;
    }

    byte[] dataUnsafe() {
        return data;
    }

    @Override
    public SspType type() {
        return SspType.UPLOAD;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Upload that && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Upload[" + Data.describe(data) + "]";
    }
}
