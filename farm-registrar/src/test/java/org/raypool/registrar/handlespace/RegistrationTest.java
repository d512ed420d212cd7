package org.raypool.registrar.handlespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raypool.registrar.handlespace.Fixtures.FRACTAL;
import static org.raypool.registrar.handlespace.Fixtures.LIFE;
import static org.raypool.registrar.handlespace.Fixtures.OWN;
import static org.raypool.registrar.handlespace.Fixtures.PEER;
import static org.raypool.registrar.handlespace.Fixtures.SCRIPTING;
import static org.raypool.registrar.handlespace.Fixtures.accepted;
import static org.raypool.registrar.handlespace.Fixtures.handlespace;
import static org.raypool.registrar.handlespace.Fixtures.pe;
import static org.raypool.registrar.handlespace.Fixtures.rejected;
import static org.raypool.registrar.handlespace.Fixtures.rr;

import java.util.List;
import org.junit.jupiter.api.Test;

/** registrar-behaviour §3.2 step 5, §8 items 1-2, §10.3. */
class RegistrationTest {

    private static final PolicySettings LU = PolicySettings.of(PolicyType.LEAST_USED, 0);

    @Test
    void firstPeCreatesThePoolWithItsPolicyProtocolAndControlFlag() {
        Handlespace<String> hs = handlespace();
        RegistrationResult<String> r = hs.registerOrUpdate(FRACTAL, rr(0x336e014d), "assoc-1");
        RegistrationResult.Accepted<String> a = assertInstanceOf(RegistrationResult.Accepted.class, r);
        assertTrue(a.created());
        assertFalse(a.ownerChanged());
        Pool<String> pool = hs.pool(FRACTAL).orElseThrow();
        assertEquals(PolicyType.ROUND_ROBIN, pool.policyType());
        assertEquals(TransportProtocol.SCTP, pool.userTransportProtocol());
        assertTrue(pool.controlChannel());
        PoolElementEntry<String> e = a.entry();
        assertEquals(0x336e014d, e.identifier());
        assertEquals(OWN, e.homeRegistrarId());
        assertEquals(LIFE, e.registrationLifeMillis());
        assertEquals("user-336e014d", e.userTransport());
        assertEquals("asap-336e014d", e.asapTransport());
        assertEquals("assoc-1", e.connection());
        assertEquals(rr(0x336e014d), e.toPoolElement());
        assertSame(e, hs.lookup(FRACTAL, 0x336e014d).orElseThrow());
        assertEquals(1, hs.size());
    }

    @Test
    void policyMismatchIsRejectedWith0x0005() {
        Handlespace<String> hs = handlespace();
        accepted(hs.registerOrUpdate(FRACTAL, rr(1), null));
        Rejection r = rejected(hs.registerOrUpdate(FRACTAL, pe(2, LU), null));
        assertEquals(Rejection.INCOMPATIBLE_POOL_POLICY, r);
        assertEquals(0x0005, r.cause());
        assertEquals(0x0005, r.rsplibCause());
        assertEquals(Rejection.CauseInfo.POLICY, r.info());
        assertTrue(hs.lookup(FRACTAL, 2).isEmpty());
    }

    @Test
    void onlyThePolicyTypeMustMatchNotItsValues() {
        Handlespace<String> hs = handlespace();
        accepted(hs.registerOrUpdate(SCRIPTING, pe(1, LU), null));
        accepted(hs.registerOrUpdate(SCRIPTING, pe(2, LU.withLoad(0x7FFFFFFFL)), null));
        assertEquals(2, hs.pool(SCRIPTING).orElseThrow().size());
    }

    @Test
    void protocolMismatchIsRejectedWithRfcCauseAndRsplibAlternative() {
        Handlespace<String> hs = handlespace();
        accepted(hs.registerOrUpdate(FRACTAL, rr(1), null));
        PoolElement<String> tcp = new PoolElement<>(2, OWN, LIFE, TransportProtocol.TCP, true, "t", null,
                PolicySettings.of(PolicyType.ROUND_ROBIN));
        Rejection r = rejected(hs.registerOrUpdate(FRACTAL, tcp, null));
        assertEquals(Rejection.INCONSISTENT_TRANSPORT_TYPE, r);
        assertEquals(0x0007, r.cause());
        assertEquals(0x100A, r.rsplibCause());
        assertEquals(Rejection.CauseInfo.USER_TRANSPORT, r.info());
    }

    @Test
    void transportUseMismatchIsRejectedWith0x0008() {
        Handlespace<String> hs = handlespace();
        accepted(hs.registerOrUpdate(FRACTAL, rr(1), null));
        PoolElement<String> dataOnly = new PoolElement<>(2, OWN, LIFE, TransportProtocol.SCTP, false, "t", null,
                PolicySettings.of(PolicyType.ROUND_ROBIN));
        Rejection r = rejected(hs.registerOrUpdate(FRACTAL, dataOnly, null));
        assertEquals(Rejection.INCONSISTENT_DATA_CONTROL_CONFIGURATION, r);
        assertEquals(0x0008, r.cause());
    }

    @Test
    void section103PoolVanishesWithItsLastPeAndMayThenChangePolicy() {
        Handlespace<String> hs = handlespace();
        accepted(hs.registerOrUpdate(FRACTAL, rr(1), "a"));
        accepted(hs.registerOrUpdate(FRACTAL, rr(2), "b"));
        PoolElement<String> lu = pe(3, PolicySettings.of(0x40000001, 0x00000000));
        assertEquals(Rejection.INCOMPATIBLE_POOL_POLICY, rejected(hs.registerOrUpdate(FRACTAL, lu, "c")));
        hs.deregister(FRACTAL, 1);
        assertEquals(Rejection.INCOMPATIBLE_POOL_POLICY, rejected(hs.registerOrUpdate(FRACTAL, lu, "c")));
        hs.removeByConnection("b");
        assertTrue(hs.pool(FRACTAL).isEmpty(), "pool gone with its last PE");
        assertEquals(0, hs.poolCount());
        accepted(hs.registerOrUpdate(FRACTAL, lu, "c"));
        assertEquals(PolicyType.LEAST_USED, hs.pool(FRACTAL).orElseThrow().policyType());
    }

    @Test
    void aSolePeCannotChangeThePolicyTypeByReRegistering() {
        Handlespace<String> hs = handlespace();
        accepted(hs.registerOrUpdate(FRACTAL, rr(1), null));
        assertEquals(Rejection.INCOMPATIBLE_POOL_POLICY, rejected(hs.registerOrUpdate(FRACTAL, pe(1, LU), null)));
        assertEquals(PolicyType.ROUND_ROBIN, hs.lookup(FRACTAL, 1).orElseThrow().policy().type().orElseThrow());
    }

    @Test
    void invalidRegistrationsAreRejectedWithRsplibCauses() {
        Handlespace<String> hs = handlespace();
        assertEquals(Rejection.INVALID_POOL_HANDLE, rejected(hs.registerOrUpdate(PoolHandle.of(new byte[0]), rr(1), null)));
        assertEquals(Rejection.INVALID_POOL_HANDLE, rejected(hs.registerOrUpdate(PoolHandle.of(new byte[33]), rr(1), null)));
        accepted(hs.registerOrUpdate(PoolHandle.of(new byte[32]), rr(1), null));
        assertEquals(0xF004, Rejection.INVALID_POOL_HANDLE.cause());

        Rejection id0 = rejected(hs.registerOrUpdate(FRACTAL, rr(0), null));
        assertEquals(Rejection.INVALID_ID, id0);
        assertEquals(0xF000, id0.cause());

        Rejection unknown = rejected(hs.registerOrUpdate(FRACTAL, pe(1, PolicySettings.of(0x40000005)), null));
        assertEquals(Rejection.INVALID_POOL_POLICY, unknown);
        assertEquals(0xF003, unknown.cause());
        for (PolicyType unsupported : List.of(PolicyType.PRIORITY_LEAST_USED_DPF,
                PolicyType.PRIORITY_LEAST_USED_DEGRADATION_DPF)) {
            assertEquals(Rejection.INVALID_POOL_POLICY,
                    rejected(hs.registerOrUpdate(FRACTAL, pe(1, PolicySettings.of(unsupported)), null)));
        }
        assertTrue(hs.pool(FRACTAL).isEmpty(), "no pool was created by a rejected registration");
        assertEquals(1, hs.size());
    }

    @Test
    void everySupportedPolicyCanFormAPool() {
        Handlespace<String> hs = handlespace();
        for (PolicyType type : PolicyType.values()) {
            if (!type.isSupported()) {
                continue;
            }
            PoolHandle h = PoolHandle.of(Integer.toHexString(type.code()));
            long[] words = new long[type.words().size()];
            for (int id = 1; id <= 5; id++) {
                java.util.Arrays.fill(words, id);
                accepted(hs.registerOrUpdate(h, pe(id, PolicySettings.of(type, words)), null));
            }
            List<PoolElementEntry<String>> picked = hs.select(h, 5);
            assertEquals(5, picked.size(), type.name());
            assertEquals(5, picked.stream().distinct().count(), type.name());
        }
    }

    @Test
    void peIdentifiersAreScopedByPool() {
        Handlespace<String> hs = handlespace();
        PoolElementEntry<String> a = accepted(hs.registerOrUpdate(FRACTAL, rr(7), null));
        PoolElementEntry<String> b = accepted(hs.registerOrUpdate(SCRIPTING, pe(7, LU), null));
        assertTrue(a != b);
        assertEquals(2, hs.size());
        assertEquals(2, hs.ownedCount(OWN));
        assertEquals(0, hs.ownedCount(PEER));
    }

    @Test
    void poolsIterateInStableHandleOrderAndEntriesByUnsignedId() {
        Handlespace<String> hs = handlespace();
        PoolHandle echo = PoolHandle.of("EchoPool");
        accepted(hs.registerOrUpdate(FRACTAL, rr(0x80000000), null));
        accepted(hs.registerOrUpdate(SCRIPTING, rr(2), null));
        accepted(hs.registerOrUpdate(echo, rr(3), null));
        accepted(hs.registerOrUpdate(FRACTAL, rr(0x7FFFFFFF), null));
        accepted(hs.registerOrUpdate(FRACTAL, rr(0xFFFFFFFF), null));
        assertEquals(List.of(echo, SCRIPTING, FRACTAL), hs.pools().stream().map(Pool::handle).toList());
        assertEquals(List.of(0x7FFFFFFF, 0x80000000, 0xFFFFFFFF),
                hs.pool(FRACTAL).orElseThrow().entries().stream().map(PoolElementEntry::identifier).toList());
    }
}
