package org.raypool.registrar.handlespace.policy;

import org.raypool.wire.param.PoolMemberSelectionPolicy;

/** Saturating 32-bit arithmetic of RSPLIB's policies ({@code getSum}, {@code getValueFraction}). */
final class PolicyMath {

    /** The largest policy word: 100 % for loads, 1.0 for DPFs. */
    static final long MAX_VALUE = PoolMemberSelectionPolicy.MAX_FRACTION;

    private PolicyMath() {
    }

    /** min(a + b + c, 0xFFFFFFFF) for unsigned 32-bit words. */
    static long saturatedSum(long a, long b, long c) {
        return Math.min(a + b + c, MAX_VALUE);
    }

    /** max(1, min(0xFFFFFFFF - a - b - c, 0xFFFFFFFF)): the draw value of the RLU family. */
    static long remainingCapacity(long a, long b, long c) {
        return Math.max(1, Math.min(MAX_VALUE - a - b - c, MAX_VALUE));
    }

    /** min(distance × dpf, 0xFFFFFFFF) without overflowing a long. */
    static long distancePenalty(long distance, long dpf) {
        if (distance != 0 && dpf > MAX_VALUE / distance) {
            return MAX_VALUE;
        }
        return distance * dpf;
    }
}
