package org.raypool.registrar.handlespace.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolMemberSelectionPolicy;

/**
 * Not a benchmark: counts the work one handle resolution does in a pool of 1,000 PEs, to show
 * that selection never sorts or scans the pool (O(log n) per returned item).
 */
class SelectionCostTest {

    private static final int POOL_SIZE = 1_000;

    @Test
    void sortedSelectionComparesLogarithmicallyOften() {
        long[] comparisons = new long[1];
        SortedSelectionPolicy counting = new SortedSelectionPolicy(PolicyType.LEAST_USED) {
            @Override
            protected int compareKeys(SelectionState a, SelectionState b) {
                comparisons[0]++;
                return Long.compare(a.settings().load(), b.settings().load());
            }
        };
        PoolSelection<TestEntry> pool = counting.newPoolSelection();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < POOL_SIZE; i++) {
            pool.add(new TestEntry("E" + i, PoolMemberSelectionPolicy.of(PolicyType.LEAST_USED,
                    random.nextLong(PoolMemberSelectionPolicy.MAX_FRACTION))));
        }
        int resolutions = 50_000;
        comparisons[0] = 0;
        for (int i = 0; i < resolutions; i++) {
            pool.select(3, 0);
        }
        double perResolution = (double) comparisons[0] / resolutions;
        // one removal and one insertion in a red-black tree of 1,000: about 2 * 2 * log2(1000) ≈ 40
        assertTrue(perResolution < 60, "comparisons per resolution: " + perResolution);
    }

    @Test
    void randomizedSelectionEvaluatesOnlyTheDrawnEntries() {
        long[] evaluations = new long[1];
        RandomizedSelectionPolicy counting = new RandomizedSelectionPolicy(PolicyType.WEIGHTED_RANDOM,
                new SplittableRandom(3)) {
            @Override
            protected long value(SelectionState state) {
                evaluations[0]++;
                return state.settings().weight();
            }
        };
        PoolSelection<TestEntry> pool = counting.newPoolSelection();
        for (int i = 0; i < POOL_SIZE; i++) {
            pool.add(new TestEntry("E" + i, PoolMemberSelectionPolicy.of(PolicyType.WEIGHTED_RANDOM, 1 + i % 17)));
        }
        evaluations[0] = 0;
        int resolutions = 50_000;
        for (int i = 0; i < resolutions; i++) {
            assertEquals(3, pool.select(3, 0).size());
        }
        assertEquals(3L * resolutions, evaluations[0], "one value refresh per drawn PE, no scan");
    }
}
