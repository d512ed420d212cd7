package org.raypool.registrar.handlespace.policy;

import org.raypool.wire.param.PolicyType;

/**
 * Priority Least Used (0x40000003): key min(load + load degradation, max), i.e. the load the PE
 * would have with one more session; no registrar-side state.
 */
public final class PriorityLeastUsedPolicy extends SortedSelectionPolicy {

    public PriorityLeastUsedPolicy() {
        super(PolicyType.PRIORITY_LEAST_USED);
    }

    @Override
    protected int compareKeys(SelectionState a, SelectionState b) {
        return Long.compare(key(a), key(b));
    }

    private static long key(SelectionState s) {
        return PolicyMath.saturatedSum(s.settings.load(), s.settings.loadDegradation(), 0);
    }
}
