package org.raypool.worker.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolMemberSelectionPolicy;

class LoadPolicyTest {

    private static String words(PoolMemberSelectionPolicy p) {
        StringBuilder b = new StringBuilder();
        for (long w : p.words()) {
            b.append(HexFormat.of().toHexDigits((int) w));
        }
        return b.toString();
    }

    @Test
    void twoSessionWorkerRegistersTheSpecVectors() {
        // docs/protocol/scripting-service.md §8.15: idle 0 / 80000000, one session 7fffffff, two sessions fffffffe.
        LoadPolicy p = LoadPolicy.of(Optional.empty(), 2);
        assertEquals(PolicyType.LEAST_USED_DEGRADATION, p.forSessions(0).type());
        assertEquals("0000000080000000", words(p.forSessions(0)));
        assertEquals("7fffffff80000000", words(p.forSessions(1)));
        assertEquals("fffffffe80000000", words(p.forSessions(2)));
    }

    @Test
    void degradationIsRintOfOneOverMaxSessions() {
        assertEquals(0xFFFFFFFFL, LoadPolicy.of(Optional.empty(), 1).base().word(PolicyType.Word.LOAD_DEGRADATION));
        assertEquals(0x40000000L, LoadPolicy.of(Optional.empty(), 4).base().word(PolicyType.Word.LOAD_DEGRADATION));
        assertEquals(0x55555555L, LoadPolicy.of(Optional.empty(), 3).base().word(PolicyType.Word.LOAD_DEGRADATION));
        assertEquals(0x55555555L, LoadPolicy.of(Optional.empty(), 3).sessionLoad());
        assertEquals(0xFFFFFFFFL, LoadPolicy.of(Optional.empty(), 3).forSessions(3).word(PolicyType.Word.LOAD));
    }

    @Test
    void aGivenPolicyKeepsItsValuesAndGetsTheLoad() {
        LoadPolicy lu = LoadPolicy.of(Optional.of(PoolMemberSelectionPolicy.parse("PriorityLeastUsed:0.5")), 4);
        assertEquals(0x3FFFFFFFL, lu.forSessions(1).word(PolicyType.Word.LOAD));
        assertEquals(0x80000000L, lu.forSessions(1).word(PolicyType.Word.LOAD_DEGRADATION));
        PoolMemberSelectionPolicy roundRobin = PoolMemberSelectionPolicy.parse("RoundRobin");
        assertEquals(roundRobin, LoadPolicy.of(Optional.of(roundRobin), 4).forSessions(3), "no load word to fill");
    }
}
