package org.raypool.wire.ssp;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Type 0x07, either direction: the SHA-1 of the PU's environment file. In the PE's echo the U flag says whether
 * the PE needs the file uploaded (not cached); the PU sends it clear.
 */
public record Environment(byte[] hash, boolean uploadNeeded) implements SspMessage {
    public static final int HASH_LENGTH = 20;
    /** Flag bit U. */
    public static final int FLAG_UPLOAD_NEEDED = 0x01;

    public Environment {
        if (hash == null || hash.length != HASH_LENGTH) {
            throw new IllegalArgumentException("hash must be a " + HASH_LENGTH + "-byte SHA-1, got "
                    + (hash == null ? "null" : hash.length + " bytes"));
        }
        hash = hash.clone();
    }

    /** The PU's query: hash, U clear. */
    public static Environment query(byte[] hash) {
        return new Environment(hash, false);
    }

    /** A copy of the hash. */
    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** Lower-case hex, the environment cache's file name stem. */
    public String hashHex() {
        return HexFormat.of().formatHex(hash);
    }

    byte[] hashUnsafe() {
        return hash;
    }

    @Override
    public SspType type() {
        return SspType.ENVIRONMENT;
    }

    @Override
    public int length() {
        return SspCodec.HEADER_LENGTH + HASH_LENGTH;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Environment that && uploadNeeded == that.uploadNeeded
                && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(hash) + Boolean.hashCode(uploadNeeded);
    }

    @Override
    public String toString() {
        return "Environment[hash=" + hashHex() + ", uploadNeeded=" + uploadNeeded + "]";
    }
}
