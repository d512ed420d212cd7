package org.raypool.registrar.handlespace.policy;

import org.raypool.wire.param.PolicyType;

/** Round Robin (0x00000001): key SeqNumber only, so a selected PE moves to the end. */
public final class RoundRobinPolicy extends SortedSelectionPolicy {

    public RoundRobinPolicy() {
        super(PolicyType.ROUND_ROBIN);
    }

    @Override
    protected int compareKeys(SelectionState a, SelectionState b) {
        return 0;
    }
}
