package org.raypool.registrar.handlespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raypool.registrar.handlespace.Fixtures.FRACTAL;
import static org.raypool.registrar.handlespace.Fixtures.LIFE;
import static org.raypool.registrar.handlespace.Fixtures.OWN;
import static org.raypool.registrar.handlespace.Fixtures.PEER;
import static org.raypool.registrar.handlespace.Fixtures.SCRIPTING;
import static org.raypool.registrar.handlespace.Fixtures.accepted;
import static org.raypool.registrar.handlespace.Fixtures.address;
import static org.raypool.registrar.handlespace.Fixtures.handlespace;
import static org.raypool.registrar.handlespace.Fixtures.pe;
import static org.raypool.registrar.handlespace.Fixtures.rejected;
import static org.raypool.registrar.handlespace.Fixtures.rr;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.raypool.registrar.handlespace.policy.SelectionPolicies;
import org.raypool.wire.param.ErrorCause;
import org.raypool.wire.param.ParameterType;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.SctpTransport;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportParameter;
import org.raypool.wire.param.TransportUse;
import org.raypool.wire.param.UdpLiteTransport;
import org.raypool.wire.param.UdpTransport;

/** docs/protocol/registrar-behaviour.md §3.2 step 5, §8 items 1-2, §10.3. */
class RegistrationTest {

    private static final PoolMemberSelectionPolicy LU = PoolMemberSelectionPolicy.leastUsed(0);

    private static PoolElement withUserTransport(int id, TransportParameter transport) {
        return new PoolElement(id, OWN, LIFE, transport, PoolMemberSelectionPolicy.roundRobin());
    }

    @Test
    void firstPeCreatesThePoolWithItsPolicyProtocolAndControlFlag() {
        Handlespace hs = handlespace();
        RegistrationResult r = hs.registerOrUpdate(FRACTAL, rr(0x336e014d), "assoc-1");
        RegistrationResult.Accepted a = assertInstanceOf(RegistrationResult.Accepted.class, r);
        assertTrue(a.created());
        assertFalse(a.ownerChanged());
        Pool pool = hs.pool(FRACTAL).orElseThrow();
        assertEquals(PolicyType.ROUND_ROBIN, pool.policyType());
        assertEquals(ParameterType.SCTP_TRANSPORT, pool.userTransportType());
        assertTrue(pool.controlChannel());
        PoolElementEntry e = a.entry();
        assertEquals(0x336e014d, e.identifier());
        assertEquals(OWN, e.homeRegistrarId());
        assertEquals(LIFE, e.poolElement().registrationLife());
        assertEquals(Fixtures.userTransport(0x336e014d), e.poolElement().userTransport());
        assertEquals(Optional.of(Fixtures.asapTransport(0x336e014d)), e.poolElement().asapTransport());
        assertEquals("assoc-1", e.connection());
        assertEquals(rr(0x336e014d), e.poolElement());
        assertSame(e, hs.lookup(FRACTAL, 0x336e014d).orElseThrow());
        assertEquals(1, hs.size());
    }

    @Test
    void policyMismatchIsRejectedWith0x0005() {
        Handlespace hs = handlespace();
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
        Handlespace hs = handlespace();
        accepted(hs.registerOrUpdate(SCRIPTING, pe(1, LU), null));
        accepted(hs.registerOrUpdate(SCRIPTING, pe(2, LU.with(PolicyType.Word.LOAD, 0x7FFFFFFFL)), null));
        assertEquals(2, hs.pool(SCRIPTING).orElseThrow().size());
    }

    @Test
    void protocolMismatchIsRejectedWithRfcCauseAndRsplibAlternative() {
        Handlespace hs = handlespace();
        accepted(hs.registerOrUpdate(FRACTAL, rr(1), null));
        PoolElement tcp = withUserTransport(2, new TcpTransport(9000, TransportUse.DATA_PLUS_CONTROL, address(2)));
        Rejection r = rejected(hs.registerOrUpdate(FRACTAL, tcp, null));
        assertEquals(Rejection.INCONSISTENT_TRANSPORT_TYPE, r);
        assertEquals(0x0007, r.cause());
        assertEquals(0x100A, r.rsplibCause());
        assertEquals(Rejection.CauseInfo.USER_TRANSPORT, r.info());
    }

    @Test
    void transportUseMismatchIsRejectedWith0x0008() {
        Handlespace hs = handlespace();
        accepted(hs.registerOrUpdate(FRACTAL, rr(1), null));
        PoolElement dataOnly = withUserTransport(2, SctpTransport.of(9000, TransportUse.DATA_ONLY, address(2)));
        Rejection r = rejected(hs.registerOrUpdate(FRACTAL, dataOnly, null));
        assertEquals(Rejection.INCONSISTENT_DATA_CONTROL_CONFIGURATION, r);
        assertEquals(0x0008, r.cause());
    }

    @Test
    void theProtocolIsTheUserTransportsParameterTypeNotItsTransportUse() {
        Handlespace hs = handlespace();
        accepted(hs.registerOrUpdate(FRACTAL, withUserTransport(1, new UdpTransport(9000, address(1))), null));
        Pool pool = hs.pool(FRACTAL).orElseThrow();
        assertEquals(ParameterType.UDP_TRANSPORT, pool.userTransportType());
        assertFalse(pool.controlChannel(), "UDP has no Transport Use: data only");
        accepted(hs.registerOrUpdate(FRACTAL, withUserTransport(2, new UdpTransport(9001, address(2))), null));
        assertEquals(Rejection.INCONSISTENT_TRANSPORT_TYPE, rejected(hs.registerOrUpdate(FRACTAL,
                withUserTransport(3, SctpTransport.of(9000, TransportUse.DATA_ONLY, address(3))), null)),
                "SCTP data only is still not UDP");
        assertEquals(Rejection.INCONSISTENT_TRANSPORT_TYPE, rejected(hs.registerOrUpdate(FRACTAL,
                withUserTransport(4, new UdpLiteTransport(9000, address(4))), null)));
        assertEquals(Rejection.INCONSISTENT_TRANSPORT_TYPE, rejected(hs.registerOrUpdate(FRACTAL,
                withUserTransport(5, new TcpTransport(9000, TransportUse.DATA_ONLY, address(5))), null)));
        assertEquals(2, pool.size());
    }

    @Test
    void rejectionsBuildTheCauseToSendWithTheOfferedTlv() {
        Handlespace hs = handlespace();
        accepted(hs.registerOrUpdate(FRACTAL, rr(1), null));

        PoolElement lu = pe(2, LU);
        RegistrationResult.Rejected policy = assertInstanceOf(RegistrationResult.Rejected.class,
                hs.registerOrUpdate(FRACTAL, lu, null));
        ErrorCause policyCause = policy.errorCause(lu);
        assertEquals(ErrorCause.withParameter(ErrorCause.POOLING_POLICY_INCONSISTENT, LU), policyCause);
        assertEquals(Optional.of(LU), policyCause.parameter(), "info is the offered policy TLV (docs/protocol/asap-enrp-wire.md §9.2.5)");

        TcpTransport tcpTransport = new TcpTransport(9000, TransportUse.DATA_PLUS_CONTROL, address(3));
        PoolElement tcp = withUserTransport(3, tcpTransport);
        RegistrationResult.Rejected protocol = assertInstanceOf(RegistrationResult.Rejected.class,
                hs.registerOrUpdate(FRACTAL, tcp, null));
        ErrorCause protocolCause = protocol.errorCause(tcp);
        assertEquals(ErrorCause.INCONSISTENT_TRANSPORT_TYPE, protocolCause.code());
        assertEquals(Optional.of(tcpTransport), protocolCause.parameter(), "info is the offered user transport");

        PoolElement dataOnly = withUserTransport(4, SctpTransport.of(9000, TransportUse.DATA_ONLY, address(4)));
        RegistrationResult.Rejected control = assertInstanceOf(RegistrationResult.Rejected.class,
                hs.registerOrUpdate(FRACTAL, dataOnly, null));
        assertEquals(ErrorCause.of(0x0008), control.errorCause(dataOnly));

        PoolElement id0 = rr(0);
        RegistrationResult.Rejected invalidId = assertInstanceOf(RegistrationResult.Rejected.class,
                hs.registerOrUpdate(FRACTAL, id0, null));
        assertEquals(ErrorCause.of(0xF000), invalidId.errorCause(id0));
    }

    @Test
    void section103PoolVanishesWithItsLastPeAndMayThenChangePolicy() {
        Handlespace hs = handlespace();
        accepted(hs.registerOrUpdate(FRACTAL, rr(1), "a"));
        accepted(hs.registerOrUpdate(FRACTAL, rr(2), "b"));
        PoolElement lu = pe(3, PoolMemberSelectionPolicy.of(PolicyType.ofCode(0x40000001L).orElseThrow(), 0x00000000));
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
        Handlespace hs = handlespace();
        accepted(hs.registerOrUpdate(FRACTAL, rr(1), null));
        assertEquals(Rejection.INCOMPATIBLE_POOL_POLICY, rejected(hs.registerOrUpdate(FRACTAL, pe(1, LU), null)));
        assertEquals(PolicyType.ROUND_ROBIN, hs.lookup(FRACTAL, 1).orElseThrow().poolElement().policy().type());
    }

    @Test
    void invalidRegistrationsAreRejectedWithRsplibCauses() {
        Handlespace hs = handlespace();
        // 0xF004: a handle of 0 or more than 32 bytes cannot even be built, so never reaches the handlespace
        assertThrows(IllegalArgumentException.class, () -> new PoolHandle(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new PoolHandle(new byte[33]));
        accepted(hs.registerOrUpdate(new PoolHandle(new byte[32]), rr(1), null));

        Rejection id0 = rejected(hs.registerOrUpdate(FRACTAL, rr(0), null));
        assertEquals(Rejection.INVALID_ID, id0);
        assertEquals(0xF000, id0.cause());

        // Unknown codes are refused by the decoder (0x100B); the unsupported RSPLIB constants cannot be encoded.
        assertTrue(PolicyType.ofCode(0x40000005L).isEmpty());
        for (PolicyType unsupported : List.of(PolicyType.PRIORITY_LEAST_USED_DPF,
                PolicyType.PRIORITY_LEAST_USED_DEGRADATION_DPF)) {
            assertThrows(IllegalArgumentException.class, () -> PoolMemberSelectionPolicy.of(unsupported));
            assertTrue(SelectionPolicies.forType(unsupported).isEmpty(), unsupported.name());
        }
        // Whatever the selection code cannot handle is refused with 0xF003.
        SelectionPolicies all = new SelectionPolicies(new SplittableRandom(1));
        Handlespace withoutLu = new Handlespace(HandlespaceConfig.defaults(OWN),
                type -> type == PolicyType.LEAST_USED ? Optional.empty() : all.get(type));
        Rejection unknown = rejected(withoutLu.registerOrUpdate(FRACTAL, pe(1, LU), null));
        assertEquals(Rejection.INVALID_POOL_POLICY, unknown);
        assertEquals(0xF003, unknown.cause());
        assertTrue(withoutLu.pool(FRACTAL).isEmpty(), "no pool was created by a rejected registration");
        assertEquals(0, withoutLu.size());

        assertTrue(hs.pool(FRACTAL).isEmpty(), "no pool was created by a rejected registration");
        assertEquals(1, hs.size());
    }

    @Test
    void everySupportedPolicyCanFormAPool() {
        Handlespace hs = handlespace();
        for (PolicyType type : PolicyType.values()) {
            if (!SelectionPolicies.isSupported(type)) {
                continue;
            }
            PoolHandle h = PoolHandle.fromString(Long.toHexString(type.code()));
            long[] words = new long[type.words().size()];
            for (int id = 1; id <= 5; id++) {
                Arrays.fill(words, id);
                accepted(hs.registerOrUpdate(h, pe(id, PoolMemberSelectionPolicy.of(type, words)), null));
            }
            List<PoolElementEntry> picked = hs.select(h, 5);
            assertEquals(5, picked.size(), type.name());
            assertEquals(5, picked.stream().distinct().count(), type.name());
        }
    }

    @Test
    void peIdentifiersAreScopedByPool() {
        Handlespace hs = handlespace();
        PoolElementEntry a = accepted(hs.registerOrUpdate(FRACTAL, rr(7), null));
        PoolElementEntry b = accepted(hs.registerOrUpdate(SCRIPTING, pe(7, LU), null));
        assertTrue(a != b);
        assertEquals(2, hs.size());
        assertEquals(2, hs.ownedCount(OWN));
        assertEquals(0, hs.ownedCount(PEER));
    }

    @Test
    void poolsIterateInStableHandleOrderAndEntriesByUnsignedId() {
        Handlespace hs = handlespace();
        PoolHandle echo = PoolHandle.fromString("EchoPool");
        accepted(hs.registerOrUpdate(FRACTAL, rr(0x80000000), null));
        accepted(hs.registerOrUpdate(SCRIPTING, rr(2), null));
        accepted(hs.registerOrUpdate(echo, rr(3), null));
        accepted(hs.registerOrUpdate(FRACTAL, rr(0x7FFFFFFF), null));
        accepted(hs.registerOrUpdate(FRACTAL, rr(0xFFFFFFFF), null));
        assertEquals(List.of(echo, SCRIPTING, FRACTAL), hs.pools().stream().map(Pool::handle).toList());
        assertEquals(List.of(0x7FFFFFFF, 0x80000000, 0xFFFFFFFF),
                hs.pool(FRACTAL).orElseThrow().entries().stream().map(PoolElementEntry::identifier).toList());
    }

    /** Formerly the handlespace's own PoolHandleTest: what the pool index relies on. */
    @Test
    void poolsAreKeyedByHandleContentInRsplibOrder() {
        Handlespace hs = handlespace();
        List<PoolHandle> handles = List.of(PoolHandle.fromString("ScriptingPool"),
                new PoolHandle(new byte[] {(byte) 0xFF}), PoolHandle.fromString("EchoPool"),
                new PoolHandle(new byte[] {0x01}), PoolHandle.fromString("FractalGeneratorPool"),
                PoolHandle.fromString("CalcAppPool"));
        int id = 1;
        for (PoolHandle h : handles) {
            accepted(hs.registerOrUpdate(h, rr(id++), null));
        }
        assertEquals(List.of(new PoolHandle(new byte[] {0x01}), new PoolHandle(new byte[] {(byte) 0xFF}),
                PoolHandle.fromString("EchoPool"), PoolHandle.fromString("CalcAppPool"),
                PoolHandle.fromString("ScriptingPool"), PoolHandle.fromString("FractalGeneratorPool")),
                hs.pools().stream().map(Pool::handle).toList(), "length first, then unsigned bytes");
        byte[] raw = "ScriptingPool".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(hs.lookup(new PoolHandle(raw), 1).isPresent(), "equal content, other instance");
        assertTrue(hs.pool(PoolHandle.fromString("scriptingPool")).isEmpty(), "case-sensitive");
    }
}
