package org.raypool.registrar.handlespace;

/**
 * The PE checksum of {@code asap-enrp-wire.md} §4.10: per PE the sum of the 16-bit big-endian
 * words of the pool handle and of the 4-byte PE identifier (each padded separately with a low
 * zero byte); over a set the 32-bit wrap-around sum of those; on the wire the carries folded in
 * and the one's complement taken.
 */
public final class HandlespaceChecksum {

    /** The checksum of the empty set. */
    public static final int EMPTY = 0xFFFF;

    private HandlespaceChecksum() {
    }

    /** The unfolded word sum of one PE. */
    public static long entrySum(PoolHandle poolHandle, int identifier) {
        long sum = 0;
        int n = poolHandle.length();
        for (int i = 0; i < n; i += 2) {
            int high = poolHandle.byteAt(i);
            int low = i + 1 < n ? poolHandle.byteAt(i + 1) : 0;
            sum += (high << 8) | low;
        }
        sum += identifier >>> 16;
        sum += identifier & 0xFFFF;
        return sum;
    }

    /** Adds a PE's sum to a 32-bit accumulator. */
    public static long add(long accumulator, long entrySum) {
        return (accumulator + entrySum) & 0xFFFFFFFFL;
    }

    /** Removes a PE's sum from a 32-bit accumulator. */
    public static long subtract(long accumulator, long entrySum) {
        return (accumulator - entrySum) & 0xFFFFFFFFL;
    }

    /** Folds the carries of a 32-bit accumulator and complements: the 16-bit value sent. */
    public static int finish(long accumulator) {
        long s = accumulator & 0xFFFFFFFFL;
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) (~s & 0xFFFF);
    }
}
