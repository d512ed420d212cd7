package org.raypool.registrar.handlespace.policy;

import org.raypool.wire.param.PolicyType;

/**
 * Weighted Round Robin (0x00000002): a PE of weight w is selected w times per round.
 * Key (RoundCounter, VirtualCounter, SeqNumber).
 */
public final class WeightedRoundRobinPolicy extends SortedSelectionPolicy {

    public WeightedRoundRobinPolicy() {
        super(PolicyType.WEIGHTED_ROUND_ROBIN);
    }

    @Override
    protected int compareKeys(SelectionState a, SelectionState b) {
        int c = Long.compare(a.roundCounter, b.roundCounter);
        return c != 0 ? c : Long.compare(a.virtualCounter, b.virtualCounter);
    }

    /**
     * A newcomer joins the current round (that of the first PE) with its full weight, as RSPLIB's
     * {@code weightedRoundRobinInitializePoolElementNode}; starting at round 0 would let it
     * monopolise the pool until it caught up.
     */
    @Override
    protected void initialize(SelectionState state, SelectionState first) {
        state.roundCounter = first == null ? 0 : first.roundCounter;
        state.virtualCounter = state.settings.weight();
    }

    @Override
    protected void update(SelectionState state) {
        if (state.virtualCounter > 1) {
            state.virtualCounter--;
        } else {
            state.roundCounter++;
            state.virtualCounter = state.settings.weight();
        }
    }
}
