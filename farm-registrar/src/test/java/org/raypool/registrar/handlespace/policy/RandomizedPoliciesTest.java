package org.raypool.registrar.handlespace.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raypool.registrar.handlespace.policy.Pools.assertProportional;
import static org.raypool.registrar.handlespace.policy.Pools.counts;
import static org.raypool.registrar.handlespace.policy.Pools.firstPicks;
import static org.raypool.registrar.handlespace.policy.Pools.pool;
import static org.raypool.registrar.handlespace.policy.Pools.w;
import static org.raypool.registrar.handlespace.policy.Pools.words;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolMemberSelectionPolicy;

class RandomizedPoliciesTest {

    private static final long MAX = PoolMemberSelectionPolicy.MAX_FRACTION;
    private static final int DRAWS = 60_000;

    @Test
    void randomIsUniform() {
        PoolSelection<TestEntry> pool = pool(PolicyType.RANDOM,
                words("A", w(), "B", w(), "C", w(), "D", w(), "E", w()));
        assertProportional(counts(firstPicks(pool, DRAWS)),
                Map.of("A", 1.0, "B", 1.0, "C", 1.0, "D", 1.0, "E", 1.0), DRAWS);
    }

    @Test
    void weightedRandomIsProportionalToWeight() {
        PoolSelection<TestEntry> pool = pool(PolicyType.WEIGHTED_RANDOM,
                words("A", w(1), "B", w(2), "C", w(3), "D", w(4), "never", w(0)));
        Map<String, Integer> counts = counts(firstPicks(pool, DRAWS));
        assertFalse(counts.containsKey("never"), "weight 0 is never drawn");
        assertProportional(counts, Map.of("A", 1.0, "B", 2.0, "C", 3.0, "D", 4.0), DRAWS);
    }

    @Test
    void weightedRandomWithOnlyZeroWeightsSelectsNothing() {
        PoolSelection<TestEntry> pool = pool(PolicyType.WEIGHTED_RANDOM, words("A", w(0), "B", w(0)));
        assertEquals(List.of(), pool.select(2, 0));
    }

    @Test
    void weightedRandomHandlesFullRangeWeights() {
        PoolSelection<TestEntry> pool = pool(PolicyType.WEIGHTED_RANDOM,
                words("A", w(MAX), "B", w(MAX), "C", w(MAX / 2)));
        assertProportional(counts(firstPicks(pool, DRAWS)), Map.of("A", 2.0, "B", 2.0, "C", 1.0), DRAWS);
    }

    @Test
    void weightedRandomDpfReducesWeightWithDistance() {
        long dpf = PoolMemberSelectionPolicy.fraction(0.01); // 1 % per ms
        PoolSelection<TestEntry> pool = pool(PolicyType.WEIGHTED_RANDOM_DPF,
                words("far", w(1000, dpf, 50), "near", w(500, dpf, 0), "veryFar", w(1000, dpf, 200)));
        // far: 1000 - rint(1000 * 50 * 0.01) = 500; near: 500; veryFar: penalty > weight -> 1
        assertProportional(counts(firstPicks(pool, DRAWS)),
                Map.of("far", 500.0, "near", 500.0, "veryFar", 1.0), DRAWS);
    }

    @Test
    void randomizedLeastUsedWeighsByRemainingCapacity() {
        PoolSelection<TestEntry> pool = pool(PolicyType.RANDOMIZED_LEAST_USED,
                words("idle", w(0), "half", w(0x80000000L), "busy", w(0xC0000000L), "full", w(MAX)));
        Map<String, Integer> counts = counts(firstPicks(pool, DRAWS));
        // values 0xFFFFFFFF, 0x7FFFFFFF, 0x3FFFFFFF and 1 (never 0, so a full PE stays selectable)
        assertProportional(counts, Map.of("idle", (double) MAX, "half", (double) 0x7FFFFFFFL,
                "busy", (double) 0x3FFFFFFFL, "full", 1.0), DRAWS);
    }

    @Test
    void randomizedPriorityLeastUsedSubtractsLoadIncrement() {
        PoolSelection<TestEntry> pool = pool(PolicyType.RANDOMIZED_PRIORITY_LEAST_USED,
                words("A", w(0, 0x80000000L), "B", w(0x40000000L, 0)));
        // A: 0x7FFFFFFF, B: 0xBFFFFFFF
        assertProportional(counts(firstPicks(pool, DRAWS)),
                Map.of("A", (double) 0x7FFFFFFFL, "B", (double) 0xBFFFFFFFL), DRAWS);
    }

    @Test
    void randomizedDegradationVariantsNeverDegradeLikeRsplib() {
        for (PolicyType type : List.of(PolicyType.RANDOMIZED_LEAST_USED_DEGRADATION,
                PolicyType.RANDOMIZED_PRIORITY_LEAST_USED_DEGRADATION)) {
            PoolSelection<TestEntry> pool = pool(type, words("A", w(0, 0x80000000L), "B", w(0x40000000L, 0)));
            for (int i = 0; i < 100; i++) {
                for (TestEntry e : pool.select(2, 2)) {
                    assertEquals(0, e.selectionState().degradation(), type.name());
                }
            }
        }
    }

    @Test
    void drawsAreWithoutReplacement() {
        for (PolicyType type : List.of(PolicyType.RANDOM, PolicyType.WEIGHTED_RANDOM,
                PolicyType.RANDOMIZED_LEAST_USED, PolicyType.WEIGHTED_RANDOM_DPF)) {
            PoolSelection<TestEntry> pool = pool(type, words("A", w(1, 0, 0), "B", w(1000, 0, 0),
                    "C", w(3, 0, 0), "D", w(1, 0, 0), "E", w(2, 0, 0)));
            for (int i = 0; i < 500; i++) {
                List<TestEntry> picked = pool.select(3, 0);
                assertEquals(3, picked.size(), type.name());
                assertEquals(3, new HashSet<>(picked).size(), type.name());
            }
            assertEquals(5, pool.select(128, 0).size(), "at most every PE once");
        }
    }

    @Test
    void everySelectedEntryGetsSeqNumberAndCounter() {
        PoolSelection<TestEntry> pool = pool(PolicyType.RANDOM, words("A", w(), "B", w(), "C", w()));
        List<TestEntry> picked = pool.select(3, 0);
        for (TestEntry e : picked) {
            assertEquals(1, e.selectionState().selectionCounter());
            assertTrue(e.selectionState().seqNumber() >= 3);
        }
    }

    @Test
    void sameSeedGivesSameSequence() {
        PoolSelection<TestEntry> a = pool(PolicyType.WEIGHTED_RANDOM, words("A", w(1), "B", w(2), "C", w(3)));
        PoolSelection<TestEntry> b = pool(PolicyType.WEIGHTED_RANDOM, words("A", w(1), "B", w(2), "C", w(3)));
        assertEquals(firstPicks(a, 200), firstPicks(b, 200));
    }

    @Test
    void removalAndReinsertionKeepTheTreeConsistent() {
        PoolSelection<TestEntry> pool = Pools.policy(PolicyType.WEIGHTED_RANDOM).newPoolSelection();
        List<TestEntry> all = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            TestEntry e = new TestEntry("E" + i, PoolMemberSelectionPolicy.of(PolicyType.WEIGHTED_RANDOM, 1));
            all.add(e);
            pool.add(e);
        }
        for (int i = 0; i < 50; i += 2) {
            pool.remove(all.get(i));
        }
        TestEntry heavy = new TestEntry("heavy", PoolMemberSelectionPolicy.of(PolicyType.WEIGHTED_RANDOM, 75));
        pool.add(heavy);
        Map<String, Integer> counts = counts(firstPicks(pool, DRAWS));
        for (int i = 0; i < 50; i += 2) {
            assertFalse(counts.containsKey("E" + i), "removed E" + i);
        }
        Pools.assertBinomial(counts.get("heavy"), DRAWS, 0.75, "heavy");
        pool.update(heavy, PoolMemberSelectionPolicy.of(PolicyType.WEIGHTED_RANDOM, 25));
        Pools.assertBinomial(counts(firstPicks(pool, DRAWS)).get("heavy"), DRAWS, 0.5, "heavy after update");
    }

    @Test
    void maxIncrementLimitsUpdateStepsOfRandomizedPolicies() {
        int[] updates = new int[1];
        RandomizedSelectionPolicy counting = new RandomizedSelectionPolicy(PolicyType.RANDOM,
                new SplittableRandom(1)) {
            @Override
            protected long value(SelectionState state) {
                return 1;
            }

            @Override
            protected void update(SelectionState state) {
                updates[0]++;
            }
        };
        PoolSelection<TestEntry> pool = counting.newPoolSelection();
        for (String n : List.of("A", "B", "C", "D")) {
            pool.add(new TestEntry(n, PoolMemberSelectionPolicy.of(PolicyType.RANDOM)));
        }
        pool.select(3, 0);
        assertEquals(0, updates[0], "Random's default MaxIncrement is 0");
        pool.select(3, 2);
        assertEquals(2, updates[0]);
        pool.select(3, 10);
        assertEquals(5, updates[0]);
    }
}
