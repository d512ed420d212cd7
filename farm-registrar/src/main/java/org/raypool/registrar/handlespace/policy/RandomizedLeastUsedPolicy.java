package org.raypool.registrar.handlespace.policy;

import java.util.random.RandomGenerator;
import org.raypool.wire.param.PolicyType;

/** Randomized Least Used (0x40000004): value max(1, 0xFFFFFFFF − load). */
public final class RandomizedLeastUsedPolicy extends RandomizedSelectionPolicy {

    public RandomizedLeastUsedPolicy(RandomGenerator random) {
        super(PolicyType.RANDOMIZED_LEAST_USED, random);
    }

    @Override
    protected long value(SelectionState state) {
        return PolicyMath.remainingCapacity(state.settings.load(), 0, 0);
    }
}
