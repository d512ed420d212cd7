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
import org.junit.jupiter.api.Test;

/** registrar-behaviour §3.2 step 5 "update in place" and §8 item 6. */
class UpdateInPlaceTest {

    private static final long HALF = 0x80000000L;

    private static PolicySettings lud(long load) {
        return PolicySettings.of(PolicyType.LEAST_USED_DEGRADATION, load, HALF);
    }

    private static RegistrationResult.Accepted<String> accept(RegistrationResult<String> r) {
        return assertInstanceOf(RegistrationResult.Accepted.class, r);
    }

    @Test
    void updateReplacesDataConnectionAndOwnershipOfTheSameEntry() {
        Handlespace<String> hs = handlespace();
        PoolElementEntry<String> e = accepted(hs.registerOrUpdate(SCRIPTING,
                pe(1, lud(0)).withHomeRegistrarId(PEER), null));
        hs.restartExpiry(e, 1_000);
        PoolElement<String> again = new PoolElement<>(1, OWN, 60_000, TransportProtocol.SCTP, true,
                "user-new", "asap-new", lud(0x7FFFFFFFL));
        RegistrationResult.Accepted<String> a = accept(hs.registerOrUpdate(SCRIPTING, again, "assoc-2"));
        assertSame(e, a.entry());
        assertFalse(a.created());
        assertTrue(a.policyUpdated());
        assertTrue(a.ownerChanged());
        assertEquals(PEER, a.previousHome());
        assertEquals(OWN, e.homeRegistrarId());
        assertEquals(60_000, e.registrationLifeMillis());
        assertEquals("user-new", e.userTransport());
        assertEquals("asap-new", e.asapTransport());
        assertEquals("assoc-2", e.connection());
        assertEquals(0x7FFFFFFFL, e.policy().load());
        assertTrue(e.expiryDeadline().isEmpty(), "owned now, so no expiry");
        assertEquals(List.of(e), hs.ownedBy(OWN));
        assertEquals(List.of(), hs.ownedBy(PEER));
        assertEquals(List.of(e), hs.byConnection("assoc-2"));
        assertEquals(1, hs.size());
    }

    @Test
    void reRegistrationThroughAnotherAssociationMovesTheConnection() {
        Handlespace<String> hs = handlespace();
        PoolElementEntry<String> e = accepted(hs.registerOrUpdate(SCRIPTING, pe(1, lud(0)), "old"));
        accepted(hs.registerOrUpdate(SCRIPTING, pe(1, lud(0)), "new"));
        assertEquals(List.of(), hs.removeByConnection("old"));
        assertTrue(e.isRegistered());
        assertEquals(List.of(e), hs.removeByConnection("new"));
    }

    @Test
    void degradationIsResetWhenValuesChange() {
        Handlespace<String> hs = handlespace();
        PoolElementEntry<String> e = accepted(hs.registerOrUpdate(SCRIPTING, pe(1, lud(0)), null));
        hs.select(SCRIPTING, 1);
        assertEquals(HALF, e.degradation());
        assertTrue(accept(hs.registerOrUpdate(SCRIPTING, pe(1, lud(5)), null)).policyUpdated());
        assertEquals(0, e.degradation());
    }

    @Test
    void degradationIsResetEvenWhenValuesAreUnchanged() {
        Handlespace<String> hs = handlespace();
        PoolElementEntry<String> e = accepted(hs.registerOrUpdate(SCRIPTING, pe(1, lud(0)), null));
        hs.select(SCRIPTING, 1);
        assertTrue(accept(hs.registerOrUpdate(SCRIPTING, pe(1, lud(0)), null)).policyUpdated());
        assertEquals(0, e.degradation());
    }

    @Test
    void unchangedValuesWithoutDegradationKeepTheSelectionState() {
        Handlespace<String> hs = handlespace();
        PoolElementEntry<String> e = accepted(hs.registerOrUpdate(SCRIPTING,
                pe(1, PolicySettings.of(PolicyType.ROUND_ROBIN)), null));
        accepted(hs.registerOrUpdate(SCRIPTING, pe(2, PolicySettings.of(PolicyType.ROUND_ROBIN)), null));
        hs.select(SCRIPTING, 1);
        long seq = e.seqNumber();
        assertFalse(accept(hs.registerOrUpdate(SCRIPTING, pe(1, PolicySettings.of(PolicyType.ROUND_ROBIN)), null))
                .policyUpdated());
        assertEquals(seq, e.seqNumber(), "round-robin position survives re-registration");
        assertEquals(2, hs.select(SCRIPTING, 1).get(0).identifier());
    }

    @Test
    void unreachabilityCountSurvivesUpdates() {
        Handlespace<String> hs = handlespace();
        PoolElementEntry<String> e = accepted(hs.registerOrUpdate(SCRIPTING, pe(1, lud(0)), null));
        hs.reportUnreachable(SCRIPTING, 1);
        hs.reportUnreachable(SCRIPTING, 1);
        accepted(hs.registerOrUpdate(SCRIPTING, pe(1, lud(9)), null));
        assertEquals(2, e.unreachableReports());
        assertTrue(hs.reportUnreachable(SCRIPTING, 1).removed());
    }

    @Test
    void rejectedUpdateLeavesTheEntryAlone() {
        Handlespace<String> hs = handlespace();
        PoolElementEntry<String> e = accepted(hs.registerOrUpdate(SCRIPTING, pe(1, lud(0)), "a"));
        PoolElement<String> tcp = new PoolElement<>(1, PEER, 5, TransportProtocol.TCP, true, "x", null, lud(7));
        assertInstanceOf(RegistrationResult.Rejected.class, hs.registerOrUpdate(SCRIPTING, tcp, "b"));
        assertEquals(0, e.policy().load());
        assertEquals(OWN, e.homeRegistrarId());
        assertEquals("a", e.connection());
    }
}
