package org.raypool.registrar.handlespace.policy;

import java.util.Objects;
import org.raypool.wire.param.PoolMemberSelectionPolicy;

/**
 * Per-entry policy state (docs/protocol/registrar-behaviour.md §4): the registered selection policy and the
 * registrar-local counters. Readable by anyone, changed only by the pool's {@link PoolSelection},
 * so an entry can never be mutated behind the back of the tree that sorts it.
 */
public final class SelectionState {

    private PoolMemberSelectionPolicy policy;
    /** The policy's words as fields, derived from {@link #policy} whenever it changes. */
    PolicySettings settings;
    long seqNumber;
    long degradation;
    long roundCounter;
    long virtualCounter;
    long selectionCounter;
    /** Position in a value tree, -1 if none. */
    int slot = -1;
    boolean linked;

    public SelectionState(PoolMemberSelectionPolicy policy) {
        setPolicy(Objects.requireNonNull(policy, "policy"));
    }

    /** The policy type and values the entry was last registered or updated with. */
    public PoolMemberSelectionPolicy policy() {
        return policy;
    }

    void setPolicy(PoolMemberSelectionPolicy newPolicy) {
        policy = newPolicy;
        settings = PolicySettings.of(newPolicy);
    }

    PolicySettings settings() {
        return settings;
    }

    /** Position in the pool's sequence; refreshed whenever the entry is selected. */
    public long seqNumber() {
        return seqNumber;
    }

    /** LUD-family degradation accumulated since the last update of the entry. */
    public long degradation() {
        return degradation;
    }

    /** Weighted round robin: the round the entry is in. */
    public long roundCounter() {
        return roundCounter;
    }

    /** Weighted round robin: selections left in the current round. */
    public long virtualCounter() {
        return virtualCounter;
    }

    /** How often the entry has been selected by this registrar. */
    public long selectionCounter() {
        return selectionCounter;
    }
}
