package org.raypool.registrar.handlespace.policy;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.raypool.wire.param.PolicyType;

/**
 * A policy that draws distinct PEs at random, each with probability proportional to
 * {@link #value(SelectionState)} among those not yet drawn (RSPLIB
 * {@code poolPolicySelectPoolElementNodesByValueTree}). A PE with value 0 is never drawn.
 */
public abstract class RandomizedSelectionPolicy implements SelectionPolicy {

    private final PolicyType type;
    private final RandomGenerator random;

    protected RandomizedSelectionPolicy(PolicyType type, RandomGenerator random) {
        if (SelectionPolicies.forType(type).orElse(null) != SelectionPolicies.Family.RANDOMIZED) {
            throw new IllegalArgumentException(type + " is not a randomized policy");
        }
        this.type = type;
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public final PolicyType type() {
        return type;
    }

    public final RandomGenerator random() {
        return random;
    }

    @Override
    public final <E extends Selectable> PoolSelection<E> newPoolSelection() {
        return new ValueTreePoolSelection<>(this);
    }

    /** The entry's weight in the draw, 0..0xFFFFFFFF. */
    protected abstract long value(SelectionState state);

    /** The update step for the first MaxIncrement selected entries. */
    protected void update(SelectionState state) {
    }

    @Override
    public String toString() {
        return type.rsplibName();
    }
}
