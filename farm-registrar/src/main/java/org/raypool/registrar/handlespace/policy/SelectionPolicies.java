package org.raypool.registrar.handlespace.policy;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.raypool.registrar.handlespace.PolicyType;

/** Creates the selection policy for a policy type; randomized ones share one random generator. */
public final class SelectionPolicies {

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
