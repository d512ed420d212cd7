package org.raypool.registrar.handlespace.policy;

import java.util.random.RandomGenerator;
import org.raypool.wire.param.PolicyType;

/**
 * Randomized Least Used with Degradation (RSPLIB 0xB0001002): value
 * max(1, 0xFFFFFFFF − load − Degradation). RSPLIB never increments Degradation for this policy,
 * so it draws like RLU; kept that way for identical behaviour.
 */
public final class RandomizedLeastUsedDegradationPolicy extends RandomizedSelectionPolicy {

    public RandomizedLeastUsedDegradationPolicy(RandomGenerator random) {
        super(PolicyType.RANDOMIZED_LEAST_USED_DEGRADATION, random);
    }

    @Override
    protected long value(SelectionState state) {
        return PolicyMath.remainingCapacity(state.settings.load(), state.degradation, 0);
    }
}
