package org.raypool.registrar.handlespace.policy;

import org.raypool.wire.param.PolicyType;

/**
 * A pool member selection policy. Implementations are either {@link SortedSelectionPolicy} or
 * {@link RandomizedSelectionPolicy}; a pool asks its policy for the structure that holds its PEs.
 */
public interface SelectionPolicy {

    PolicyType type();

    /** The number of selected PEs that get the update step when the configured MaxIncrement is 0. */
    default int defaultMaxIncrement() {
        return SelectionPolicies.defaultMaxIncrement(type());
    }

    /** A new, empty selection structure for one pool. */
    <E extends Selectable> PoolSelection<E> newPoolSelection();
}
