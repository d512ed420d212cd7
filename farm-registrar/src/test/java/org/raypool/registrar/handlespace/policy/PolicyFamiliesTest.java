package org.raypool.registrar.handlespace.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.raypool.registrar.handlespace.PolicyType;

class PolicyFamiliesTest {

    @Test
    void everySupportedTypeHasAPolicyOfItsFamily() {
        SelectionPolicies policies = new SelectionPolicies(new SplittableRandom(1));
        for (PolicyType type : PolicyType.values()) {
            if (!type.isSupported()) {
                assertTrue(policies.get(type).isEmpty(), type.name());
                continue;
            }
            SelectionPolicy p = policies.get(type).orElseThrow();
            assertEquals(type, p.type());
            if (type.isSorted()) {
                assertInstanceOf(SortedSelectionPolicy.class, p, type.name());
            } else {
                assertInstanceOf(RandomizedSelectionPolicy.class, p, type.name());
            }
        }
    }

    @Test
    void defaultMaxIncrementFollowsTheSpec() {
        assertEquals(0, Pools.policy(PolicyType.RANDOM).defaultMaxIncrement());
        assertEquals(0, Pools.policy(PolicyType.WEIGHTED_RANDOM).defaultMaxIncrement());
        assertEquals(0, Pools.policy(PolicyType.WEIGHTED_RANDOM_DPF).defaultMaxIncrement());
        assertEquals(1, Pools.policy(PolicyType.RANDOMIZED_LEAST_USED).defaultMaxIncrement());
        assertEquals(1, Pools.policy(PolicyType.RANDOMIZED_LEAST_USED_DEGRADATION).defaultMaxIncrement());
        assertEquals(1, Pools.policy(PolicyType.RANDOMIZED_PRIORITY_LEAST_USED).defaultMaxIncrement());
        assertEquals(1, Pools.policy(PolicyType.RANDOMIZED_PRIORITY_LEAST_USED_DEGRADATION).defaultMaxIncrement());
        for (PolicyType type : PolicyType.values()) {
            if (type.isSorted()) {
                assertEquals(1, Pools.policy(type).defaultMaxIncrement(), type.name());
            }
        }
    }
}
