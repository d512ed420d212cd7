package org.raypool.wire.param;

/**
 * PE Checksum parameter (0x000F) and the RSPLIB checksum algorithm of docs/protocol/asap-enrp-wire.md §4.10: every PE
 * contributes the sum of the 16-bit big-endian words of its pool handle and of its PE identifier (odd-length handles
 * padded with a low zero byte); the per-PE sums add up with 32-bit wrap-around; the checksum is that sum with carries
 * folded into 16 bits and complemented. The empty set gives 0xFFFF.
 */
public record PeChecksum(int value) implements Parameter {

    public static final PeChecksum EMPTY = new PeChecksum(0xFFFF);

    public PeChecksum {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("a PE checksum is 16-bit: " + value);
        }
    }

    /** The unfolded word sum one PE contributes; add it to (or subtract it from) an owner's running sum. */
    public static int sumOf(PoolHandle poolHandle, int peIdentifier) {
        int sum = 0;
        int n = poolHandle.length();
        for (int i = 0; i < n; i += 2) {
            int low = i + 1 < n ? poolHandle.byteAt(i + 1) : 0;
            sum += (poolHandle.byteAt(i) << 8) | low;
        }
        return sum + (peIdentifier >>> 16) + (peIdentifier & 0xFFFF);
    }

    /** Folds and complements a running sum (unsigned 32-bit, wrap-around) into the checksum. */
    public static PeChecksum ofSum(int sum) {
        long s = sum & 0xFFFF_FFFFL;
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return new PeChecksum((int) (~s & 0xFFFF));
    }

    /**
     * A mutable running sum over a set of PEs (docs/protocol/registrar-behaviour.md §5.8: add on insert, subtract on
     * removal).
     */
    public static final class Accumulator {
        private int sum;

        public Accumulator add(PoolHandle poolHandle, int peIdentifier) {
            sum += sumOf(poolHandle, peIdentifier);
            return this;
        }

        public Accumulator remove(PoolHandle poolHandle, int peIdentifier) {
            sum -= sumOf(poolHandle, peIdentifier);
            return this;
        }

        /** The raw 32-bit sum. */
        public int sum() {
            return sum;
        }

        public PeChecksum checksum() {
            return ofSum(sum);
        }
    }

    @Override
    public ParameterType parameterType() {
        return ParameterType.PE_CHECKSUM;
    }

    @Override
    public String toString() {
        return String.format("PeChecksum[0x%04x]", value);
    }
}
