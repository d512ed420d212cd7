package org.raypool.wire.csp;

import java.util.OptionalDouble;

/**
 * The 16-bit workload field (docs/protocol/csp.md §4.3): {@code rint(load × 0xFFFE)}, 0xFFFF for "no load to report".
 */
public final class Workload {
    public static final int NONE = 0xFFFF;
    public static final int FULL = 0xFFFE;

    private Workload() {
    }

    /** The wire value of a load in 0.0..1.0 (clamped; NaN = none). */
    public static int of(double load) {
        if (Double.isNaN(load)) return NONE;
        return (int) Math.rint(Math.max(0.0, Math.min(1.0, load)) * FULL);
    }

    public static OptionalDouble load(int wire) {
        return wire == NONE ? OptionalDouble.empty() : OptionalDouble.of(wire / (double) FULL);
    }
}
