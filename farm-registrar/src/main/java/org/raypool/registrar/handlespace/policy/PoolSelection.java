package org.raypool.registrar.handlespace.policy;

import java.util.List;
import org.raypool.wire.param.PoolMemberSelectionPolicy;

/**
 * The PEs of one pool as its policy arranges them, and the pool's SeqNumber counter.
 * Every change of an entry's selection state goes through here.
 *
 * @param <E> the entry type
 */
public abstract sealed class PoolSelection<E extends Selectable>
        permits SortedPoolSelection, ValueTreePoolSelection {

    private final SelectionPolicy policy;
    private long nextSeqNumber;

    PoolSelection(SelectionPolicy policy) {
        this.policy = policy;
    }

    public SelectionPolicy policy() {
        return policy;
    }

    public abstract int size();

    /** Inserts a new entry: next SeqNumber, counters and degradation 0, policy initialisation. */
    public final void add(E entry) {
        SelectionState s = entry.selectionState();
        if (s.linked) {
            throw new IllegalStateException("entry already in a pool selection");
        }
        s.seqNumber = nextSeqNumber++;
        s.degradation = 0;
        s.roundCounter = 0;
        s.virtualCounter = 0;
        s.selectionCounter = 0;
        initialize(s);
        link(entry);
        s.linked = true;
    }

    public final void remove(E entry) {
        SelectionState s = entry.selectionState();
        if (!s.linked) {
            throw new IllegalStateException("entry not in a pool selection");
        }
        unlink(entry);
        s.linked = false;
    }

    /**
     * Applies re-registration or a Handle Update to the entry (RSPLIB
     * {@code poolElementNodeUpdate}): if the policy values differ or the entry had accumulated
     * degradation, the new policy replaces the old, degradation is reset to 0, the WRR virtual
     * counter is capped at the new weight and the entry is re-sorted.
     *
     * @return whether the selection state changed
     * @throws IllegalArgumentException if the policy type differs (the pool rule forbids that)
     */
    public final boolean update(E entry, PoolMemberSelectionPolicy policy) {
        SelectionState s = entry.selectionState();
        if (policy.type() != s.policy().type()) {
            throw new IllegalArgumentException("policy type change " + s.policy() + " -> " + policy);
        }
        if (s.policy().equals(policy) && s.degradation == 0) {
            return false;
        }
        if (s.linked) {
            unlink(entry);
        }
        s.setPolicy(policy);
        s.degradation = 0;
        if (s.virtualCounter > s.settings.weight()) {
            s.virtualCounter = s.settings.weight();
        }
        if (s.linked) {
            link(entry);
        }
        return true;
    }

    /**
     * Handle resolution: up to {@code items} distinct entries in selection order. Every returned
     * entry gets a fresh SeqNumber and its selection counter incremented; the first
     * {@code maxIncrement} of them (0 = {@link SelectionPolicy#defaultMaxIncrement()}) also get
     * the policy's update step.
     */
    public abstract List<E> select(int items, int maxIncrement);

    final long takeSeqNumber() {
        return nextSeqNumber++;
    }

    final int effectiveMaxIncrement(int maxIncrement) {
        if (maxIncrement < 0) {
            throw new IllegalArgumentException("maxIncrement < 0");
        }
        return maxIncrement == 0 ? policy.defaultMaxIncrement() : maxIncrement;
    }

    static void checkItems(int items) {
        if (items < 1) {
            throw new IllegalArgumentException("items < 1: " + items);
        }
    }

    abstract void initialize(SelectionState state);

    abstract void link(E entry);

    abstract void unlink(E entry);
}
