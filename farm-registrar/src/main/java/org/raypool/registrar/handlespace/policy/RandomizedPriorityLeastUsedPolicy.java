package org.raypool.registrar.handlespace.policy;

import java.util.random.RandomGenerator;
import org.raypool.wire.param.PolicyType;

/** Randomized Priority Least Used (RSPLIB 0xB0001001): value max(1, 0xFFFFFFFF − load − load degradation). */
public final class RandomizedPriorityLeastUsedPolicy extends RandomizedSelectionPolicy {

    public RandomizedPriorityLeastUsedPolicy(RandomGenerator random) {
        super(PolicyType.RANDOMIZED_PRIORITY_LEAST_USED, random);
    }

    @Override
    protected long value(SelectionState state) {
        return PolicyMath.remainingCapacity(state.settings.load(), state.settings.loadDegradation(), 0);
    }
}
