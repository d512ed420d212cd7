package org.raypool.registrar.handlespace.policy;

import java.util.random.RandomGenerator;
import org.raypool.wire.param.PolicyType;

/**
 * Randomized Priority Least Used with Degradation (RSPLIB 0xB0001004): value
 * max(1, 0xFFFFFFFF − load − load degradation − Degradation); like RLUD, Degradation is never
 * incremented by RSPLIB, so this draws like RPLU.
 */
public final class RandomizedPriorityLeastUsedDegradationPolicy extends RandomizedSelectionPolicy {

    public RandomizedPriorityLeastUsedDegradationPolicy(RandomGenerator random) {
        super(PolicyType.RANDOMIZED_PRIORITY_LEAST_USED_DEGRADATION, random);
    }

    @Override
    protected long value(SelectionState state) {
        return PolicyMath.remainingCapacity(state.settings.load(), state.settings.loadDegradation(),
                state.degradation);
    }
}
