package org.raypool.registrar.handlespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.raypool.registrar.handlespace.Fixtures.OWN;
import static org.raypool.registrar.handlespace.Fixtures.SCRIPTING;
import static org.raypool.registrar.handlespace.Fixtures.accepted;
import static org.raypool.registrar.handlespace.Fixtures.handlespace;
import static org.raypool.registrar.handlespace.Fixtures.pe;
import static org.raypool.registrar.handlespace.Fixtures.rr;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;

/** Handle resolution (docs/protocol/registrar-behaviour.md §3.4) and the LUD arithmetic of §4 and §10.6. */
class HandleResolutionTest {

    private static final long HALF = 0x80000000L;
    private static final long MAX = PoolMemberSelectionPolicy.MAX_FRACTION;
    private static final int A = 0xA;
    private static final int B = 0xB;

    private static PoolMemberSelectionPolicy lud(long load) {
        return PoolMemberSelectionPolicy.leastUsedDegradation(load, HALF);
    }

    private static List<Integer> ids(List<PoolElementEntry> entries) {
        return entries.stream().map(PoolElementEntry::identifier).toList();
    }

    @Test
    void itemCountDefaultsToMaxHResItemsAndIsCappedAt128() {
        Handlespace hs = handlespace();
        for (int id = 1; id <= 200; id++) {
            accepted(hs.registerOrUpdate(SCRIPTING, rr(id), null));
        }
        assertEquals(3, hs.select(SCRIPTING, 0).size(), "no HRO: MaxHResItems = 3");
        assertEquals(1, hs.select(SCRIPTING, 1).size());
        assertEquals(128, hs.select(SCRIPTING, 129).size());
        assertEquals(128, hs.select(SCRIPTING, 0xFFFFFFFFL).size(), "'as many as possible'");
        Handlespace five = Fixtures.handlespace(HandlespaceConfig.defaults(OWN).withMaxHandleResolutionItems(5));
        accepted(five.registerOrUpdate(SCRIPTING, rr(1), null));
        accepted(five.registerOrUpdate(SCRIPTING, rr(2), null));
        assertEquals(2, five.select(SCRIPTING, 0).size(), "never more than the pool has");
        assertThrows(IllegalArgumentException.class, () -> hs.select(SCRIPTING, -1));
    }

    @Test
    void unknownPoolResolvesToNothing() {
        Handlespace hs = handlespace();
        assertEquals(List.of(), hs.select(SCRIPTING, 1));
        assertEquals(List.of(), hs.select(new PoolHandle(new byte[32]), 1));
    }

    @Test
    void maxIncrementConfigurationReachesThePolicy() {
        Handlespace hs = Fixtures.handlespace(HandlespaceConfig.defaults(OWN).withMaxIncrement(2));
        for (int id = 1; id <= 4; id++) {
            accepted(hs.registerOrUpdate(SCRIPTING, rr(id), null));
        }
        assertEquals(List.of(1, 2), ids(hs.select(SCRIPTING, 2)));
        assertEquals(List.of(3, 4), ids(hs.select(SCRIPTING, 2)));
    }

    @Test
    void leastUsedDegradationWorkedExampleOfSection4() {
        Handlespace hs = handlespace();
        PoolElementEntry a = accepted(hs.registerOrUpdate(SCRIPTING, pe(A, lud(0)), "pe-a"));
        PoolElementEntry b = accepted(hs.registerOrUpdate(SCRIPTING, pe(B, lud(0)), "pe-b"));

        // 1. tie at key 0, A has the lower SeqNumber
        assertEquals(List.of(A), ids(hs.select(SCRIPTING, 1)));
        assertEquals(HALF, a.degradation());
        assertEquals(0, b.degradation());

        // 2. B's key 0 < A's 0x80000000
        assertEquals(List.of(B), ids(hs.select(SCRIPTING, 1)));
        assertEquals(HALF, b.degradation());

        // 3. tie at 0x80000000, A's SeqNumber was refreshed earlier than B's
        assertEquals(List.of(A), ids(hs.select(SCRIPTING, 1)));
        assertEquals(MAX, a.degradation(), "clamped");

        // 4. A re-registers with load 0x7FFFFFFF: degradation reset, key 0x7FFFFFFF
        accepted(hs.registerOrUpdate(SCRIPTING, pe(A, lud(0x7FFFFFFFL)), "pe-a"));
        assertEquals(0, a.degradation());
        assertEquals(0x7FFFFFFFL, a.poolElement().policy().word(PolicyType.Word.LOAD), "the registrar never changes the load");
        assertEquals(HALF, b.degradation(), "B keeps what this registrar handed out");
        assertEquals(List.of(A, B), ids(hs.select(SCRIPTING, 2)), "0x7FFFFFFF < 0x80000000");
    }

    @Test
    void section106LudArithmetic() {
        Handlespace hs = handlespace();
        long degradation = PoolMemberSelectionPolicy.fraction(0.5);
        assertEquals(0x80000000L, degradation, "-policy=LeastUsedDegradation:0.5");
        PoolElementEntry e = accepted(hs.registerOrUpdate(SCRIPTING,
                pe(1, PoolMemberSelectionPolicy.of(PolicyType.LEAST_USED_DEGRADATION, 0, degradation)), null));
        hs.select(SCRIPTING, 1);
        hs.select(SCRIPTING, 1);
        assertEquals(0xFFFFFFFFL, e.degradation(), "two selections without re-registration");
        accepted(hs.registerOrUpdate(SCRIPTING,
                pe(1, PoolMemberSelectionPolicy.of(PolicyType.LEAST_USED_DEGRADATION, 0x7FFFFFFFL, degradation)), null));
        assertEquals(0, e.degradation(), "one session started: load 0x7FFFFFFF, degradation gone");
    }

    @Test
    void selectionOfAThousandPePoolIsCheap() {
        Handlespace hs = handlespace();
        for (int id = 1; id <= 1_000; id++) {
            accepted(hs.registerOrUpdate(SCRIPTING, pe(id, lud((id * 2654435761L) & 0x7FFFFFFFL)), null));
        }
        // No timing assertion (benchmarks come later); the policy tests count the work per selection.
        for (int i = 0; i < 100_000; i++) {
            hs.select(SCRIPTING, 1);
        }
        assertEquals(1_000, hs.pool(SCRIPTING).orElseThrow().size());
    }
}
