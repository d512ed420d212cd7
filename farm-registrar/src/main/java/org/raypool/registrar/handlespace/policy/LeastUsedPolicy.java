package org.raypool.registrar.handlespace.policy;

import org.raypool.wire.param.PolicyType;

/** Least Used (0x40000001): lowest load first; equal loads rotate. */
public final class LeastUsedPolicy extends SortedSelectionPolicy {

    public LeastUsedPolicy() {
        super(PolicyType.LEAST_USED);
    }

    @Override
    protected int compareKeys(SelectionState a, SelectionState b) {
        return Long.compare(a.settings.load(), b.settings.load());
    }
}
