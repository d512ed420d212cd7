package org.raypool.worker.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.raypool.wire.Hex;
import org.raypool.wire.param.Parameters;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.ssp.SspVectors;

class LoadPolicyTest {

    @Test
    void twoSessionWorkerRegistersTheSpecVectors() {
        // docs/protocol/scripting-service.md §8.15: the policy parameter with 0, 1 and 2 of 2 sessions running.
        LoadPolicy p = LoadPolicy.of(Optional.empty(), 2);
        assertEquals(PolicyType.LEAST_USED_DEGRADATION, p.forSessions(0).type());
        for (int sessions = 0; sessions <= 2; sessions++) {
            assertEquals(Hex.format(SspVectors.LUD_TWO_THREADS.get(sessions)),
                    Hex.format(Parameters.encode(p.forSessions(sessions))), sessions + " sessions");
        }
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
