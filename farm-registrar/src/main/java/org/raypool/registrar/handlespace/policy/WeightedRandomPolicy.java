package org.raypool.registrar.handlespace.policy;

import java.util.random.RandomGenerator;
import org.raypool.wire.param.PolicyType;

/** Weighted Random (0x00000004): probability proportional to the weight; weight 0 is never drawn. */
public final class WeightedRandomPolicy extends RandomizedSelectionPolicy {

    public WeightedRandomPolicy(RandomGenerator random) {
        super(PolicyType.WEIGHTED_RANDOM, random);
    }

    @Override
    protected long value(SelectionState state) {
        return state.settings.weight();
    }
}
