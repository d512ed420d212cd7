package org.raypool.registrar.handlespace.policy;

import org.raypool.wire.param.PolicyType;

/**
 * Least Used with Distance Penalty Factor (RSPLIB 0xB0002002): key
 * min(load + Distance × LoadDPF, max), Distance in ms and LoadDPF the raw word, so a far PE
 * looks more loaded.
 */
public final class LeastUsedDpfPolicy extends SortedSelectionPolicy {

    public LeastUsedDpfPolicy() {
        super(PolicyType.LEAST_USED_DPF);
    }

    @Override
    protected int compareKeys(SelectionState a, SelectionState b) {
        return Long.compare(key(a), key(b));
    }

    private static long key(SelectionState s) {
        return PolicyMath.saturatedSum(s.settings.load(),
                PolicyMath.distancePenalty(s.settings.distance(), s.settings.loadDpf()), 0);
    }
}
