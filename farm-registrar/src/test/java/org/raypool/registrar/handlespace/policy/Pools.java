package org.raypool.registrar.handlespace.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolMemberSelectionPolicy;

/** Helpers for policy tests. */
final class Pools {

    static final long SEED = 0x5EED_2024L;

    private Pools() {
    }

    static SelectionPolicy policy(PolicyType type) {
        return SelectionPolicies.create(type, new SplittableRandom(SEED)).orElseThrow();
    }

    /** A pool of {@code type} with one entry per name; words beyond the type's layout are ignored. */
    static PoolSelection<TestEntry> pool(PolicyType type, Map<String, long[]> words) {
        PoolSelection<TestEntry> pool = policy(type).newPoolSelection();
        words.forEach((name, w) -> pool.add(new TestEntry(name, PoolMemberSelectionPolicy.of(type,
                w.length > type.words().size() ? Arrays.copyOf(w, type.words().size()) : w))));
        return pool;
    }

    static Map<String, long[]> words(Object... nameThenWords) {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenWords.length; i += 2) {
            m.put((String) nameThenWords[i], (long[]) nameThenWords[i + 1]);
        }
        return m;
    }

    static long[] w(long... words) {
        return words;
    }

    /** Names of the first selected entry over {@code rounds} single-item selections. */
    static List<String> firstPicks(PoolSelection<TestEntry> pool, int rounds) {
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            picks.add(pool.select(1, 0).get(0).name);
        }
        return picks;
    }

    static Map<String, Integer> counts(List<String> picks) {
        Map<String, Integer> counts = new HashMap<>();
        picks.forEach(p -> counts.merge(p, 1, Integer::sum));
        return counts;
    }

    /**
     * Asserts that {@code observed} of {@code n} draws is within 5 standard deviations of the
     * binomial expectation n·p (false-failure probability below 1e-6 per check; with the fixed
     * seed the outcome is deterministic anyway).
     */
    static void assertBinomial(int observed, int n, double p, String what) {
        double mean = n * p;
        double sd = Math.sqrt(n * p * (1 - p));
        assertTrue(Math.abs(observed - mean) <= 5 * sd,
                () -> what + ": observed " + observed + ", expected " + mean + " ± " + 5 * sd);
    }

    static void assertProportional(Map<String, Integer> counts, Map<String, Double> weights, int n) {
        double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        weights.forEach((name, weight) ->
                assertBinomial(counts.getOrDefault(name, 0), n, weight / sum, name));
        assertEquals(n, counts.values().stream().mapToInt(Integer::intValue).sum());
    }
}
