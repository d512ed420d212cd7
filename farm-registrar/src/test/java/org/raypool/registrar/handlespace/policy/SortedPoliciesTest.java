package org.raypool.registrar.handlespace.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raypool.registrar.handlespace.policy.Pools.counts;
import static org.raypool.registrar.handlespace.policy.Pools.firstPicks;
import static org.raypool.registrar.handlespace.policy.Pools.pool;
import static org.raypool.registrar.handlespace.policy.Pools.w;
import static org.raypool.registrar.handlespace.policy.Pools.words;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolMemberSelectionPolicy;

class SortedPoliciesTest {

    private static final long MAX = PoolMemberSelectionPolicy.MAX_FRACTION;
    private static final long HALF = 0x80000000L;

    private static List<String> names(List<TestEntry> entries) {
        return entries.stream().map(e -> e.name).toList();
    }

    @Test
    void roundRobinRotatesExactly() {
        PoolSelection<TestEntry> pool = pool(PolicyType.ROUND_ROBIN, words("A", w(), "B", w(), "C", w()));
        assertEquals(List.of("A", "B", "C", "A", "B", "C", "A", "B", "C"), firstPicks(pool, 9));
    }

    @Test
    void roundRobinWithSeveralItemsMovesOnlyMaxIncrementEntries() {
        PoolSelection<TestEntry> pool = pool(PolicyType.ROUND_ROBIN, words("A", w(), "B", w(), "C", w()));
        assertEquals(List.of("A", "B"), names(pool.select(2, 0)));
        assertEquals(List.of("B", "C"), names(pool.select(2, 0)));
        assertEquals(List.of("C", "A"), names(pool.select(2, 0)));
    }

    @Test
    void roundRobinWithMaxIncrementTwoAdvancesByTwo() {
        PoolSelection<TestEntry> pool = pool(PolicyType.ROUND_ROBIN,
                words("A", w(), "B", w(), "C", w(), "D", w()));
        assertEquals(List.of("A", "B"), names(pool.select(2, 2)));
        assertEquals(List.of("C", "D"), names(pool.select(2, 2)));
        assertEquals(List.of("A", "B", "C"), names(pool.select(3, 3)));
        assertEquals(List.of("D", "A"), names(pool.select(2, 5)));
    }

    @Test
    void newRoundRobinEntryIsAppendedAtTheEnd() {
        PoolSelection<TestEntry> pool = pool(PolicyType.ROUND_ROBIN, words("A", w(), "B", w()));
        assertEquals(List.of("A"), names(pool.select(1, 0)));
        pool.add(new TestEntry("C", PoolMemberSelectionPolicy.of(PolicyType.ROUND_ROBIN)));
        assertEquals(List.of("B", "A", "C", "B"), firstPicks(pool, 4));
    }

    @Test
    void selectionRefreshesSeqNumberAndCountsSelections() {
        PoolSelection<TestEntry> pool = pool(PolicyType.LEAST_USED, words("A", w(0), "B", w(0)));
        TestEntry a = pool.select(1, 0).get(0);
        assertEquals("A", a.name);
        assertEquals(2, a.selectionState().seqNumber(), "after A=0, B=1 the next number is 2");
        assertEquals(1, a.selectionState().selectionCounter());
        assertEquals("B", pool.select(1, 0).get(0).name, "tie broken by SeqNumber");
    }

    @Test
    void onlyTheFirstMaxIncrementEntriesAreRefreshed() {
        PoolSelection<TestEntry> pool = pool(PolicyType.ROUND_ROBIN, words("A", w(), "B", w(), "C", w()));
        List<TestEntry> picked = pool.select(3, 0);
        assertEquals(1, picked.get(0).selectionState().selectionCounter());
        assertEquals(0, picked.get(1).selectionState().selectionCounter());
        assertEquals(0, picked.get(2).selectionState().selectionCounter());
    }

    @Test
    void weightedRoundRobinGivesEachPeItsWeightPerRound() {
        PoolSelection<TestEntry> pool = pool(PolicyType.WEIGHTED_ROUND_ROBIN,
                words("A", w(3), "B", w(2), "C", w(1)));
        for (int round = 0; round < 100; round++) {
            Map<String, Integer> c = counts(firstPicks(pool, 6));
            assertEquals(Map.of("A", 3, "B", 2, "C", 1), c, "round " + round);
        }
    }

    @Test
    void weightedRoundRobinNewcomerJoinsTheCurrentRound() {
        PoolSelection<TestEntry> pool = pool(PolicyType.WEIGHTED_ROUND_ROBIN, words("A", w(2), "B", w(2)));
        firstPicks(pool, 40);
        TestEntry c = new TestEntry("C", PoolMemberSelectionPolicy.of(PolicyType.WEIGHTED_ROUND_ROBIN, 2));
        pool.add(c);
        assertEquals(10, c.selectionState().roundCounter(), "40 picks of 4 per round");
        assertEquals(2, c.selectionState().virtualCounter());
        Map<String, Integer> next = counts(firstPicks(pool, 6));
        assertEquals(Map.of("A", 2, "B", 2, "C", 2), next);
    }

    @Test
    void weightedRoundRobinUpdateCapsVirtualCounterAtNewWeight() {
        PoolSelection<TestEntry> pool = pool(PolicyType.WEIGHTED_ROUND_ROBIN, words("A", w(5)));
        TestEntry a = pool.select(1, 0).get(0);
        assertEquals(4, a.selectionState().virtualCounter());
        assertTrue(pool.update(a, PoolMemberSelectionPolicy.of(PolicyType.WEIGHTED_ROUND_ROBIN, 2)));
        assertEquals(2, a.selectionState().virtualCounter());
    }

    @Test
    void priorityPicksHighestPriorityAndRotatesEqualOnes() {
        PoolSelection<TestEntry> pool = pool(PolicyType.PRIORITY,
                words("low", w(1), "high1", w(7), "mid", w(5), "high2", w(7)));
        assertEquals(List.of("high1", "high2", "high1", "high2"), firstPicks(pool, 4));
        assertEquals(List.of("high1", "high2", "mid", "low"), names(pool.select(4, 4)));
    }

    @Test
    void leastUsedPicksLeastLoadedAndFollowsLoadUpdates() {
        PoolSelection<TestEntry> pool = pool(PolicyType.LEAST_USED,
                words("A", w(0x60000000L), "B", w(0x20000000L), "C", w(0x40000000L)));
        assertEquals(List.of("B", "B", "B"), firstPicks(pool, 3), "LU has no degradation");
        TestEntry b = pool.select(3, 0).get(0);
        pool.update(b, PoolMemberSelectionPolicy.of(PolicyType.LEAST_USED, 0x70000000L));
        assertEquals(List.of("C", "A", "B"), names(pool.select(3, 0)));
    }

    @Test
    void leastUsedDegradationAddsDegradationPerSelection() {
        PoolSelection<TestEntry> pool = pool(PolicyType.LEAST_USED_DEGRADATION,
                words("A", w(0, 0x40000000L), "B", w(0x90000000L, 0)));
        // A's key: 0, 0x40000000, 0x80000000, then 0xC0000000 > B's 0x90000000
        assertEquals(List.of("A", "A", "A", "B", "B"), firstPicks(pool, 5));
    }

    @Test
    void leastUsedDegradationClampsAtMax() {
        PoolSelection<TestEntry> pool = pool(PolicyType.LEAST_USED_DEGRADATION, words("A", w(0, HALF)));
        TestEntry a = pool.select(1, 0).get(0);
        assertEquals(HALF, a.selectionState().degradation());
        pool.select(1, 0);
        assertEquals(MAX, a.selectionState().degradation());
        pool.select(1, 0);
        assertEquals(MAX, a.selectionState().degradation());
    }

    @Test
    void priorityLeastUsedRanksByLoadPlusIncrement() {
        PoolSelection<TestEntry> pool = pool(PolicyType.PRIORITY_LEAST_USED,
                words("A", w(0x20000000L, 0x60000000L), "B", w(0x40000000L, 0x10000000L)));
        assertEquals(List.of("B", "B", "B"), firstPicks(pool, 3), "0x50000000 < 0x80000000, no state");
        assertEquals(0, pool.select(1, 0).get(0).selectionState().degradation());
    }

    @Test
    void priorityLeastUsedDegradationAddsDegradation() {
        PoolSelection<TestEntry> pool = pool(PolicyType.PRIORITY_LEAST_USED_DEGRADATION,
                words("A", w(0, 0x30000000L), "B", w(0x50000000L, 0)));
        // A: 0x30000000, 0x60000000 after one pick -> B (0x50000000) next
        assertEquals(List.of("A", "B", "B"), firstPicks(pool, 3));
        TestEntry a = pool.select(2, 2).get(1);
        assertEquals("A", a.name);
        assertEquals(0x60000000L, a.selectionState().degradation(), "second item updated too with MaxIncrement 2");
    }

    @Test
    void leastUsedDpfPenalisesDistance() {
        long dpf = PoolMemberSelectionPolicy.fraction(0.001); // 0.1 % of max load per ms
        PoolSelection<TestEntry> pool = pool(PolicyType.LEAST_USED_DPF,
                words("near", w(0x40000000L, dpf, 0), "far", w(0x10000000L, dpf, 250)));
        // far: 0x10000000 + 250 * dpf (~0x10000000 + 0x4000_0000) > near
        assertEquals(List.of("near", "near"), firstPicks(pool, 2));
        PoolSelection<TestEntry> close = pool(PolicyType.LEAST_USED_DPF,
                words("near", w(0x40000000L, dpf, 0), "far", w(0x10000000L, dpf, 50)));
        assertEquals("far", close.select(1, 0).get(0).name);
    }

    @Test
    void leastUsedDegradationDpfCombinesDistanceAndDegradation() {
        long dpf = PoolMemberSelectionPolicy.fraction(0.001);
        PoolSelection<TestEntry> pool = pool(PolicyType.LEAST_USED_DEGRADATION_DPF,
                words("near", w(0x30000000L, HALF, dpf, 0), "far", w(0, 0, dpf, 200)));
        // near 0x30000000 < far ~0x33333333; after one pick near degrades to 0xB0000000
        assertEquals(List.of("near", "far", "far"), firstPicks(pool, 3));
    }

    @Test
    void sortedKeysSaturateAtMax() {
        PoolSelection<TestEntry> pool = pool(PolicyType.LEAST_USED_DPF,
                words("A", w(MAX, MAX, MAX), "B", w(MAX, 0, 0)));
        assertEquals(List.of("A", "B", "A", "B"), firstPicks(pool, 4), "both keys clamp to max and rotate");
    }

    @Test
    void updateWithSameValuesAndNoDegradationChangesNothing() {
        PoolSelection<TestEntry> pool = pool(PolicyType.LEAST_USED, words("A", w(5), "B", w(5)));
        TestEntry a = pool.select(1, 0).get(0);
        long seq = a.selectionState().seqNumber();
        assertTrue(!pool.update(a, PoolMemberSelectionPolicy.of(PolicyType.LEAST_USED, 5)));
        assertEquals(seq, a.selectionState().seqNumber());
    }

    /** Replaces PolicyValuesTest.sameValuesIgnoresNothingButType: every word counts, the distance too. */
    @Test
    void updateNoticesAChangeOfAnyWordIncludingTheDistance() {
        long dpf = PoolMemberSelectionPolicy.fraction(0.001);
        PoolSelection<TestEntry> pool = pool(PolicyType.LEAST_USED_DPF,
                words("A", w(5, dpf, 0), "B", w(5, dpf, 0)));
        TestEntry a = pool.select(1, 0).get(0);
        assertTrue(!pool.update(a, PoolMemberSelectionPolicy.of(PolicyType.LEAST_USED_DPF, 5, dpf, 0)));
        assertTrue(pool.update(a, PoolMemberSelectionPolicy.of(PolicyType.LEAST_USED_DPF, 6, dpf, 0)));
        assertTrue(pool.update(a, PoolMemberSelectionPolicy.of(PolicyType.LEAST_USED_DPF, 6, dpf, 50)));
        assertEquals(50, a.selectionState().policy().word(PolicyType.Word.DISTANCE));
        assertEquals(List.of("B", "A"), names(pool.select(2, 0)), "A is farther now");
    }

    @Test
    void removedEntriesAreNeverSelected() {
        PoolSelection<TestEntry> pool = pool(PolicyType.ROUND_ROBIN, words("A", w(), "B", w(), "C", w()));
        TestEntry b = pool.select(3, 3).get(1);
        pool.remove(b);
        assertEquals(2, pool.size());
        List<String> picks = firstPicks(pool, 10);
        assertTrue(Collections.disjoint(picks, List.of("B")));
    }
}
