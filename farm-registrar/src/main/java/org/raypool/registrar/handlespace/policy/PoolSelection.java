package org.raypool.registrar.handlespace.policy;

import java.util.List;
import org.raypool.registrar.handlespace.PolicySettings;

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
     * degradation, the new settings replace the old, degradation is reset to 0, the WRR virtual
     * counter is capped at the new weight and the entry is re-sorted.
     *
     * @return whether the selection state changed
     */
    public final boolean update(E entry, PolicySettings settings) {
        SelectionState s = entry.selectionState();
        if (settings.policyType() != s.settings.policyType()) {
            throw new IllegalArgumentException("policy type change " + s.settings + " -> " + settings);
        }
        if (s.settings.sameValues(settings) && s.degradation == 0) {
            return false;
        }
        if (s.linked) {
            unlink(entry);
        }
        s.settings = settings;
        s.degradation = 0;
        if (s.virtualCounter > settings.weight()) {
            s.virtualCounter = settings.weight();
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
