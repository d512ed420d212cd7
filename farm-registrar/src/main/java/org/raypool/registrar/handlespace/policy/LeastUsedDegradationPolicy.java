package org.raypool.registrar.handlespace.policy;

import org.raypool.wire.param.PolicyType;

/**
 * Least Used with Degradation (0x40000002): key min(load + Degradation, max); each selection adds
 * the PE's load degradation to its Degradation, modelling sessions handed out but not yet
 * visible in the PE's load report. The next update of the PE resets it.
 */
public final class LeastUsedDegradationPolicy extends SortedSelectionPolicy {

    public LeastUsedDegradationPolicy() {
        super(PolicyType.LEAST_USED_DEGRADATION);
    }

    @Override
    protected int compareKeys(SelectionState a, SelectionState b) {
        return Long.compare(key(a), key(b));
    }

    static long key(SelectionState s) {
        return PolicyMath.saturatedSum(s.settings.load(), s.degradation, 0);
    }

    @Override
    protected void update(SelectionState state) {
        degrade(state);
    }

    static void degrade(SelectionState state) {
        state.degradation = PolicyMath.saturatedSum(state.degradation, state.settings.loadDegradation(), 0);
    }
}
