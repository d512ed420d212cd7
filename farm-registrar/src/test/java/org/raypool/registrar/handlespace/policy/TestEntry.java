package org.raypool.registrar.handlespace.policy;

import org.raypool.wire.param.PoolMemberSelectionPolicy;

/** A minimal selectable for driving pool selections directly. */
final class TestEntry implements Selectable {

    final String name;
    private final SelectionState state;

    TestEntry(String name, PoolMemberSelectionPolicy policy) {
        this.name = name;
        this.state = new SelectionState(policy);
    }

    @Override
    public SelectionState selectionState() {
        return state;
    }

    @Override
    public String toString() {
        return name;
    }
}
