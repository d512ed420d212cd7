package org.raypool.registrar.handlespace.policy;

import org.raypool.registrar.handlespace.PolicySettings;

/** A minimal selectable for driving pool selections directly. */
final class TestEntry implements Selectable {

    final String name;
    private final SelectionState state;

    TestEntry(String name, PolicySettings settings) {
        this.name = name;
        this.state = new SelectionState(settings);
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
