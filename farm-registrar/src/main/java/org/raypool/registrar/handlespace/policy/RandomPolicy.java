package org.raypool.registrar.handlespace.policy;

import java.util.random.RandomGenerator;
import org.raypool.wire.param.PolicyType;

/** Random (0x00000003): every PE equally likely. */
public final class RandomPolicy extends RandomizedSelectionPolicy {

    public RandomPolicy(RandomGenerator random) {
        super(PolicyType.RANDOM, random);
    }

    @Override
    protected long value(SelectionState state) {
        return 1;
    }
}
