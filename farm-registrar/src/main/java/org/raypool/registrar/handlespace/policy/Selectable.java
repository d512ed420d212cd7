package org.raypool.registrar.handlespace.policy;

/** Something a pool selection can hold: a pool element entry with its selection state. */
public interface Selectable {

    /** The entry's selection state; only the pool's selection changes it. */
    SelectionState selectionState();
}
