package org.raypool.registrar.handlespace.policy;

import org.raypool.wire.param.PolicyType;

/**
 * Priority Least Used with Degradation (RSPLIB 0xB0001003): key
 * min(load + load degradation + Degradation, max); selection degrades as LUD.
 */
public final class PriorityLeastUsedDegradationPolicy extends SortedSelectionPolicy {

    public PriorityLeastUsedDegradationPolicy() {
        super(PolicyType.PRIORITY_LEAST_USED_DEGRADATION);
    }

    @Override
    protected int compareKeys(SelectionState a, SelectionState b) {
        return Long.compare(key(a), key(b));
    }

    private static long key(SelectionState s) {
        return PolicyMath.saturatedSum(s.settings.load(), s.settings.loadDegradation(), s.degradation);
    }

    @Override
    protected void update(SelectionState state) {
        LeastUsedDegradationPolicy.degrade(state);
    }
}
