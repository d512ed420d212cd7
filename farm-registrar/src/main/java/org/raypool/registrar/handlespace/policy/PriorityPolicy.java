package org.raypool.registrar.handlespace.policy;

import org.raypool.wire.param.PolicyType;

/** Priority (0x00000005): highest priority word first; equal priorities rotate. */
public final class PriorityPolicy extends SortedSelectionPolicy {

    public PriorityPolicy() {
        super(PolicyType.PRIORITY);
    }

    @Override
    protected int compareKeys(SelectionState a, SelectionState b) {
        return Long.compare(b.settings.priority(), a.settings.priority());
    }
}
