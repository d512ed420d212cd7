package org.raypool.wire.ssp;

import java.util.Arrays;

/** Type 0x03, PE → PU: a chunk of the results file; empty data marks the end of the file. */
public record Download(byte[] data) implements FileChunk {
    private static final Download END_OF_FILE = new Download(new byte[0]);

    public Download {
        data = Data.copy(data);
    }

    public static Download endOfFile() {
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
        return SspType.DOWNLOAD;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Download that && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Download[" + Data.describe(data) + "]";
    }
}
