package org.raypool.registrar.handlespace.policy;

import static org.raypool.registrar.handlespace.policy.PolicyMath.MAX_VALUE;

import java.util.random.RandomGenerator;
import org.raypool.wire.param.PolicyType;

/**
 * Weighted Random with Distance Penalty Factor (RSPLIB 0xB0002001): value
 * weight − rint(weight × Distance × WeightDPF/0xFFFFFFFF), at least 1 once the penalty exceeds
 * the weight (RSPLIB {@code weightedRandomDPFUpdatePoolElementNode}).
 */
public final class WeightedRandomDpfPolicy extends RandomizedSelectionPolicy {

    public WeightedRandomDpfPolicy(RandomGenerator random) {
        super(PolicyType.WEIGHTED_RANDOM_DPF, random);
    }

    @Override
    protected long value(SelectionState state) {
        long weight = state.settings.weight();
        double factor = state.settings.distance() * ((double) state.settings.weightDpf() / MAX_VALUE);
        double penalty = Math.rint(weight * factor);
        if (penalty > weight) {
            return 1;
        }
        return weight - (long) penalty;
    }
}
