package org.raypool.registrar.handlespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raypool.registrar.handlespace.Fixtures.OWN;
import static org.raypool.registrar.handlespace.Fixtures.PEER;
import static org.raypool.registrar.handlespace.Fixtures.SCRIPTING;
import static org.raypool.registrar.handlespace.Fixtures.accepted;
import static org.raypool.registrar.handlespace.Fixtures.handlespace;
import static org.raypool.registrar.handlespace.Fixtures.pe;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.SctpTransport;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

/** docs/protocol/registrar-behaviour.md §3.2 step 5 "update in place" and §8 item 6. */
class UpdateInPlaceTest {

    private static final long HALF = 0x80000000L;

    private static PoolMemberSelectionPolicy lud(long load) {
        return PoolMemberSelectionPolicy.leastUsedDegradation(load, HALF);
    }

    private static RegistrationResult.Accepted accept(RegistrationResult r) {
        return assertInstanceOf(RegistrationResult.Accepted.class, r);
    }

    @Test
    void updateReplacesDataConnectionAndOwnershipOfTheSameEntry() {
        Handlespace hs = handlespace();
        PoolElementEntry e = accepted(hs.registerOrUpdate(SCRIPTING,
                pe(1, lud(0)).withHomeRegistrarIdentifier(PEER), null));
        hs.restartExpiry(e, 1_000);
        SctpTransport userNew = SctpTransport.of(9000, TransportUse.DATA_PLUS_CONTROL, Fixtures.address(0xC0000201));
        SctpTransport asapNew = SctpTransport.of(9001, TransportUse.DATA_ONLY, Fixtures.address(0xC0000201));
        PoolElement again = new PoolElement(1, OWN, 60_000, userNew, lud(0x7FFFFFFFL), Optional.of(asapNew));
        RegistrationResult.Accepted a = accept(hs.registerOrUpdate(SCRIPTING, again, "assoc-2"));
        assertSame(e, a.entry());
        assertFalse(a.created());
        assertTrue(a.policyUpdated());
        assertTrue(a.ownerChanged());
        assertEquals(PEER, a.previousHome());
        assertEquals(OWN, e.homeRegistrarId());
        assertEquals(60_000, e.poolElement().registrationLife());
        assertEquals(userNew, e.poolElement().userTransport());
        assertEquals(Optional.of(asapNew), e.poolElement().asapTransport());
        assertEquals("assoc-2", e.connection());
        assertEquals(0x7FFFFFFFL, e.poolElement().policy().word(PolicyType.Word.LOAD));
        assertEquals(again, e.poolElement(), "stored as offered");
        assertTrue(e.expiryDeadline().isEmpty(), "owned now, so no expiry");
        assertEquals(List.of(e), hs.ownedBy(OWN));
        assertEquals(List.of(), hs.ownedBy(PEER));
        assertEquals(List.of(e), hs.byConnection("assoc-2"));
        assertEquals(1, hs.size());
    }

    @Test
    void reRegistrationThroughAnotherAssociationMovesTheConnection() {
        Handlespace hs = handlespace();
        PoolElementEntry e = accepted(hs.registerOrUpdate(SCRIPTING, pe(1, lud(0)), "old"));
        accepted(hs.registerOrUpdate(SCRIPTING, pe(1, lud(0)), "new"));
        assertEquals(List.of(), hs.removeByConnection("old"));
        assertTrue(e.isRegistered());
        assertEquals(List.of(e), hs.removeByConnection("new"));
    }

    @Test
    void degradationIsResetWhenValuesChange() {
        Handlespace hs = handlespace();
        PoolElementEntry e = accepted(hs.registerOrUpdate(SCRIPTING, pe(1, lud(0)), null));
        hs.select(SCRIPTING, 1);
        assertEquals(HALF, e.degradation());
        assertTrue(accept(hs.registerOrUpdate(SCRIPTING, pe(1, lud(5)), null)).policyUpdated());
        assertEquals(0, e.degradation());
    }

    @Test
    void degradationIsResetEvenWhenValuesAreUnchanged() {
        Handlespace hs = handlespace();
        PoolElementEntry e = accepted(hs.registerOrUpdate(SCRIPTING, pe(1, lud(0)), null));
        hs.select(SCRIPTING, 1);
        assertTrue(accept(hs.registerOrUpdate(SCRIPTING, pe(1, lud(0)), null)).policyUpdated());
        assertEquals(0, e.degradation());
    }

    @Test
    void unchangedValuesWithoutDegradationKeepTheSelectionState() {
        Handlespace hs = handlespace();
        PoolElementEntry e = accepted(hs.registerOrUpdate(SCRIPTING,
                pe(1, PoolMemberSelectionPolicy.roundRobin()), null));
        accepted(hs.registerOrUpdate(SCRIPTING, pe(2, PoolMemberSelectionPolicy.roundRobin()), null));
        hs.select(SCRIPTING, 1);
        long seq = e.seqNumber();
        assertFalse(accept(hs.registerOrUpdate(SCRIPTING, pe(1, PoolMemberSelectionPolicy.roundRobin()), null))
                .policyUpdated());
        assertEquals(seq, e.seqNumber(), "round-robin position survives re-registration");
        assertEquals(2, hs.select(SCRIPTING, 1).get(0).identifier());
    }

    @Test
    void unreachabilityCountSurvivesUpdates() {
        Handlespace hs = handlespace();
        PoolElementEntry e = accepted(hs.registerOrUpdate(SCRIPTING, pe(1, lud(0)), null));
        hs.reportUnreachable(SCRIPTING, 1, "client-a");
        hs.reportUnreachable(SCRIPTING, 1, "client-b");
        accepted(hs.registerOrUpdate(SCRIPTING, pe(1, lud(9)), null));
        assertEquals(2, e.unreachableReports());
        assertTrue(hs.reportUnreachable(SCRIPTING, 1, "client-c").orElseThrow().removed());
    }

    @Test
    void rejectedUpdateLeavesTheEntryAlone() {
        Handlespace hs = handlespace();
        PoolElementEntry e = accepted(hs.registerOrUpdate(SCRIPTING, pe(1, lud(0)), "a"));
        PoolElement tcp = new PoolElement(1, PEER, 5,
                new TcpTransport(9000, TransportUse.DATA_PLUS_CONTROL, Fixtures.address(1)), lud(7));
        assertInstanceOf(RegistrationResult.Rejected.class, hs.registerOrUpdate(SCRIPTING, tcp, "b"));
        assertEquals(0, e.poolElement().policy().word(PolicyType.Word.LOAD));
        assertEquals(OWN, e.homeRegistrarId());
        assertEquals("a", e.connection());
    }

    @Test
    void theAsapTransportIsStoredAsGiven() {
        Handlespace hs = handlespace();
        PoolElement asapRegistration = pe(1, lud(0)).withoutAsapTransport();
        PoolElementEntry e = accepted(hs.registerOrUpdate(SCRIPTING, asapRegistration, "assoc"));
        assertEquals(Optional.empty(), e.poolElement().asapTransport(), "the ASAP server adds it, not the handlespace");
        PoolElement withAsap = asapRegistration.withAsapTransport(Fixtures.asapTransport(1));
        assertFalse(accept(hs.registerOrUpdate(SCRIPTING, withAsap, "assoc")).policyUpdated());
        assertEquals(withAsap, e.poolElement());
    }
}
