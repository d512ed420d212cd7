package org.raypool.registrar.handlespace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.raypool.registrar.handlespace.PolicySettings.Word;

class PolicyValuesTest {

    @Test
    void everyCodeOfTheWireSpecIsKnown() {
        int[] codes = {0x00000001, 0x00000002, 0x00000003, 0x00000004, 0x00000005, 0x40000001,
            0x40000002, 0x40000003, 0x40000004, 0xB0001001, 0xB0001002, 0xB0001003, 0xB0001004,
            0xB0002001, 0xB0002002, 0xB0002003, 0xB0002004, 0xB0002005};
        Set<PolicyType> seen = new HashSet<>();
        for (int code : codes) {
            seen.add(PolicyType.fromCode(code).orElseThrow());
        }
        assertEquals(Set.of(PolicyType.values()), seen);
        assertTrue(PolicyType.fromCode(0).isEmpty(), "0 = undefined");
        assertTrue(PolicyType.fromCode(0x40000005).isEmpty());
    }

    @Test
    void familiesAndNames() {
        assertTrue(PolicyType.LEAST_USED_DEGRADATION.isSorted());
        assertTrue(PolicyType.RANDOMIZED_LEAST_USED.isRandomized());
        assertTrue(PolicyType.WEIGHTED_RANDOM_DPF.isRandomized());
        assertFalse(PolicyType.PRIORITY_LEAST_USED_DPF.isSupported());
        assertFalse(PolicyType.PRIORITY_LEAST_USED_DEGRADATION_DPF.isSupported());
        assertTrue(PolicyType.RANDOMIZED_LEAST_USED.isAdaptive());
        assertFalse(PolicyType.WEIGHTED_RANDOM_DPF.isAdaptive());
        assertEquals(PolicyType.LEAST_USED_DEGRADATION, PolicyType.fromRsplibName("LeastUsedDegradation").orElseThrow());
    }

    @Test
    void wordLayoutsMatchParameterLengths() {
        // Param Length of wire §4.4 = 8 + 4 per word
        assertEquals(8, 8 + 4 * PolicyType.ROUND_ROBIN.words().size());
        assertEquals(12, 8 + 4 * PolicyType.LEAST_USED.words().size());
        assertEquals(16, 8 + 4 * PolicyType.LEAST_USED_DEGRADATION.words().size());
        assertEquals(16, 8 + 4 * PolicyType.PRIORITY_LEAST_USED.words().size());
        assertEquals(20, 8 + 4 * PolicyType.WEIGHTED_RANDOM_DPF.words().size());
        assertEquals(20, 8 + 4 * PolicyType.LEAST_USED_DPF.words().size());
        assertEquals(24, 8 + 4 * PolicyType.LEAST_USED_DEGRADATION_DPF.words().size());
        assertEquals(List.of(Word.LOAD, Word.LOAD_DEGRADATION, Word.LOAD_DPF, Word.DISTANCE),
                PolicyType.LEAST_USED_DEGRADATION_DPF.words());
    }

    @Test
    void settingsFromAndToWireWords() {
        PolicySettings lud = PolicySettings.of(0x40000002, 0x7FFFFFFFL, 0x80000000L);
        assertEquals(0x7FFFFFFFL, lud.load());
        assertEquals(0x80000000L, lud.loadDegradation());
        assertArrayEquals(new long[] {0x7FFFFFFFL, 0x80000000L}, lud.words());
        PolicySettings wrandDpf = PolicySettings.of(PolicyType.WEIGHTED_RANDOM_DPF, 10, 20, 30);
        assertEquals(new PolicySettings(0xB0002001, 10, 0, 0, 0, 20, 30), wrandDpf);
        PolicySettings priority = PolicySettings.of(PolicyType.PRIORITY, 7, 99);
        assertEquals(7, priority.priority(), "extra words are ignored");
        assertArrayEquals(new long[0], PolicySettings.of(0x12345678, 1, 2).words(), "unknown type");
        assertThrows(IllegalArgumentException.class, () -> PolicySettings.of(PolicyType.LEAST_USED));
        assertThrows(IllegalArgumentException.class, () -> PolicySettings.of(PolicyType.LEAST_USED, -1));
        assertThrows(IllegalArgumentException.class, () -> PolicySettings.of(PolicyType.LEAST_USED, 1L << 32));
    }

    @Test
    void fractionsConvertLikeRsplib() {
        assertEquals(0x80000000L, PolicySettings.fractionToWord(0.5), "§10.6 LeastUsedDegradation:0.5");
        assertEquals(0x40000000L, PolicySettings.fractionToWord(0.25));
        assertEquals(0x55555555L, PolicySettings.fractionToWord(1.0 / 3));
        assertEquals(0xFFFFFFFFL, PolicySettings.fractionToWord(1.0));
        assertEquals(0L, PolicySettings.fractionToWord(0.0));
        assertThrows(IllegalArgumentException.class, () -> PolicySettings.fractionToWord(1.5));
    }

    @Test
    void sameValuesIgnoresNothingButType() {
        PolicySettings a = PolicySettings.of(PolicyType.LEAST_USED, 5);
        assertTrue(a.sameValues(PolicySettings.of(PolicyType.RANDOMIZED_LEAST_USED, 5)));
        assertFalse(a.sameValues(a.withLoad(6)));
        assertFalse(a.sameValues(a.withDistance(50)));
    }
}
