package org.raypool.registrar.handlespace.policy;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.raypool.wire.param.PolicyType;

/**
 * What the registrar's selection code knows about each wire {@link PolicyType} beyond its code and
 * word layout — its family, its default MaxIncrement, whether it can be selected with at all — and
 * the policy instances of one handlespace (the randomized ones share one random generator).
 */
public final class SelectionPolicies {

    /** How handle resolution picks PEs under a policy type (docs/protocol/registrar-behaviour.md §4). */
    public enum Family {
        /** PEs kept sorted by a key; the first n are returned. */
        SORTED,
        /** n distinct PEs drawn at random, each with probability proportional to a value. */
        RANDOMIZED
    }

    private final Map<PolicyType, SelectionPolicy> policies = new EnumMap<>(PolicyType.class);

    public SelectionPolicies(RandomGenerator random) {
        for (PolicyType type : PolicyType.values()) {
            create(type, random).ifPresent(p -> policies.put(type, p));
        }
    }

    /** The policy for {@code type}, empty for types without a selection procedure. */
    public Optional<SelectionPolicy> get(PolicyType type) {
        return Optional.ofNullable(policies.get(type));
    }

    /**
     * The family of {@code type}; empty if no selection procedure exists for it, so that a pool
     * cannot use it (registrations are refused with 0xF003). That is the case for
     * PriorityLeastUsedDPF and PriorityLeastUsedDegradationDPF: RSPLIB defines the constants but
     * can neither send nor select with them.
     */
    public static Optional<Family> forType(PolicyType type) {
        return switch (type) {
            case ROUND_ROBIN, WEIGHTED_ROUND_ROBIN, PRIORITY, LEAST_USED, LEAST_USED_DEGRADATION,
                    PRIORITY_LEAST_USED, PRIORITY_LEAST_USED_DEGRADATION, LEAST_USED_DPF,
                    LEAST_USED_DEGRADATION_DPF -> Optional.of(Family.SORTED);
            case RANDOM, WEIGHTED_RANDOM, RANDOMIZED_LEAST_USED, RANDOMIZED_PRIORITY_LEAST_USED,
                    RANDOMIZED_LEAST_USED_DEGRADATION, RANDOMIZED_PRIORITY_LEAST_USED_DEGRADATION,
                    WEIGHTED_RANDOM_DPF -> Optional.of(Family.RANDOMIZED);
            case PRIORITY_LEAST_USED_DPF, PRIORITY_LEAST_USED_DEGRADATION_DPF -> Optional.empty();
        };
    }

    /** Whether a pool can use {@code type}. */
    public static boolean isSupported(PolicyType type) {
        return forType(type).isPresent();
    }

    /**
     * How many of the selected PEs get the policy's update step when MaxIncrement is 0:
     * 1 for sorted policies and the randomized-least-used family, 0 for Random, WeightedRandom
     * and WeightedRandomDPF (docs/protocol/registrar-behaviour.md §4), 0 for unsupported types.
     */
    public static int defaultMaxIncrement(PolicyType type) {
        return switch (type) {
            case RANDOM, WEIGHTED_RANDOM, WEIGHTED_RANDOM_DPF -> 0;
            default -> isSupported(type) ? 1 : 0;
        };
    }

    public static Optional<SelectionPolicy> create(PolicyType type, RandomGenerator random) {
        SelectionPolicy policy = switch (type) {
            case ROUND_ROBIN -> new RoundRobinPolicy();
            case WEIGHTED_ROUND_ROBIN -> new WeightedRoundRobinPolicy();
            case RANDOM -> new RandomPolicy(random);
            case WEIGHTED_RANDOM -> new WeightedRandomPolicy(random);
            case PRIORITY -> new PriorityPolicy();
            case LEAST_USED -> new LeastUsedPolicy();
            case LEAST_USED_DEGRADATION -> new LeastUsedDegradationPolicy();
            case PRIORITY_LEAST_USED -> new PriorityLeastUsedPolicy();
            case RANDOMIZED_LEAST_USED -> new RandomizedLeastUsedPolicy(random);
            case RANDOMIZED_PRIORITY_LEAST_USED -> new RandomizedPriorityLeastUsedPolicy(random);
            case RANDOMIZED_LEAST_USED_DEGRADATION -> new RandomizedLeastUsedDegradationPolicy(random);
            case PRIORITY_LEAST_USED_DEGRADATION -> new PriorityLeastUsedDegradationPolicy();
            case RANDOMIZED_PRIORITY_LEAST_USED_DEGRADATION ->
                    new RandomizedPriorityLeastUsedDegradationPolicy(random);
            case WEIGHTED_RANDOM_DPF -> new WeightedRandomDpfPolicy(random);
            case LEAST_USED_DPF -> new LeastUsedDpfPolicy();
            case LEAST_USED_DEGRADATION_DPF -> new LeastUsedDegradationDpfPolicy();
            case PRIORITY_LEAST_USED_DPF, PRIORITY_LEAST_USED_DEGRADATION_DPF -> null;
        };
        return Optional.ofNullable(policy);
    }
}
