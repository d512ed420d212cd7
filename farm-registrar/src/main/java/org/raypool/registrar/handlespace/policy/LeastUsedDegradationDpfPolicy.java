package org.raypool.registrar.handlespace.policy;

import org.raypool.wire.param.PolicyType;

/**
 * Least Used with Degradation and Distance Penalty Factor (RSPLIB 0xB0002003): key
 * min(load + Degradation + Distance × LoadDPF, max); selection degrades as LUD.
 */
public final class LeastUsedDegradationDpfPolicy extends SortedSelectionPolicy {

    public LeastUsedDegradationDpfPolicy() {
        super(PolicyType.LEAST_USED_DEGRADATION_DPF);
    }

    @Override
    protected int compareKeys(SelectionState a, SelectionState b) {
        return Long.compare(key(a), key(b));
    }

    private static long key(SelectionState s) {
        return PolicyMath.saturatedSum(s.settings.load(), s.degradation,
                PolicyMath.distancePenalty(s.settings.distance(), s.settings.loadDpf()));
    }

    @Override
    protected void update(SelectionState state) {
        LeastUsedDegradationPolicy.degrade(state);
    }
}
