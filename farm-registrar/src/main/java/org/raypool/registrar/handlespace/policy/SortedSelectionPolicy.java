package org.raypool.registrar.handlespace.policy;

import org.raypool.wire.param.PolicyType;

/**
 * A policy that keeps a pool's PEs sorted ascending by a key, ties broken by SeqNumber so that
 * equal PEs rotate (RSPLIB {@code poolPolicySelectPoolElementNodesBySortingOrder}).
 */
public abstract class SortedSelectionPolicy implements SelectionPolicy {

    private final PolicyType type;

    protected SortedSelectionPolicy(PolicyType type) {
        if (SelectionPolicies.forType(type).orElse(null) != SelectionPolicies.Family.SORTED) {
            throw new IllegalArgumentException(type + " is not a sorted policy");
        }
        this.type = type;
    }

    @Override
    public final PolicyType type() {
        return type;
    }

    @Override
    public final <E extends Selectable> PoolSelection<E> newPoolSelection() {
        return new SortedPoolSelection<>(this);
    }

    /** Compares the policy keys of two entries; 0 lets SeqNumber decide. */
    protected abstract int compareKeys(SelectionState a, SelectionState b);

    /**
     * Sets up the counters of a new entry.
     *
     * @param first the entry currently first in selection order, or null for an empty pool
     */
    protected void initialize(SelectionState state, SelectionState first) {
    }

    /** The update step for a selected entry (after its SeqNumber refresh). */
    protected void update(SelectionState state) {
    }

    @Override
    public String toString() {
        return type.rsplibName();
    }
}
