package org.raypool.registrar.handlespace.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raypool.registrar.handlespace.policy.SelectionPolicies.Family.RANDOMIZED;
import static org.raypool.registrar.handlespace.policy.SelectionPolicies.Family.SORTED;

import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.raypool.wire.param.PolicyType;

class PolicyFamiliesTest {

    @Test
    void everySupportedTypeHasAPolicyOfItsFamily() {
        SelectionPolicies policies = new SelectionPolicies(new SplittableRandom(1));
        for (PolicyType type : PolicyType.values()) {
            if (!SelectionPolicies.isSupported(type)) {
                assertTrue(policies.get(type).isEmpty(), type.name());
                continue;
            }
            SelectionPolicy p = policies.get(type).orElseThrow();
            assertEquals(type, p.type());
            if (SelectionPolicies.forType(type).orElseThrow() == SORTED) {
                assertInstanceOf(SortedSelectionPolicy.class, p, type.name());
            } else {
                assertInstanceOf(RandomizedSelectionPolicy.class, p, type.name());
            }
        }
    }

    /** Formerly in PolicyValuesTest, against the handlespace's own PolicyType. */
    @Test
    void familiesAndNames() {
        assertEquals(Optional.of(SORTED), SelectionPolicies.forType(PolicyType.LEAST_USED_DEGRADATION));
        assertEquals(Optional.of(RANDOMIZED), SelectionPolicies.forType(PolicyType.RANDOMIZED_LEAST_USED));
        assertEquals(Optional.of(RANDOMIZED), SelectionPolicies.forType(PolicyType.WEIGHTED_RANDOM_DPF));
        assertFalse(SelectionPolicies.isSupported(PolicyType.PRIORITY_LEAST_USED_DPF));
        assertFalse(SelectionPolicies.isSupported(PolicyType.PRIORITY_LEAST_USED_DEGRADATION_DPF));
        assertTrue(PolicyType.RANDOMIZED_LEAST_USED.isAdaptive());
        assertFalse(PolicyType.WEIGHTED_RANDOM_DPF.isAdaptive());
        assertEquals(PolicyType.LEAST_USED_DEGRADATION, PolicyType.ofRsplibName("LeastUsedDegradation").orElseThrow());
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
            if (SelectionPolicies.forType(type).equals(Optional.of(SORTED))) {
                assertEquals(1, Pools.policy(type).defaultMaxIncrement(), type.name());
            }
            assertEquals(SelectionPolicies.isSupported(type) ? Pools.policy(type).defaultMaxIncrement() : 0,
                    SelectionPolicies.defaultMaxIncrement(type), type.name());
        }
    }
}
