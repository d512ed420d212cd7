package org.raypool.registrar.handlespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raypool.registrar.handlespace.Fixtures.FRACTAL;
import static org.raypool.registrar.handlespace.Fixtures.OWN;
import static org.raypool.registrar.handlespace.Fixtures.PEER;
import static org.raypool.registrar.handlespace.Fixtures.SCRIPTING;
import static org.raypool.registrar.handlespace.Fixtures.accepted;
import static org.raypool.registrar.handlespace.Fixtures.foreign;
import static org.raypool.registrar.handlespace.Fixtures.handlespace;
import static org.raypool.registrar.handlespace.Fixtures.rr;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deregistration (docs/protocol/registrar-behaviour.md §3.3), association loss (§3.7), Endpoint Unreachable
 * (§3.5).
 */
class RemovalTest {

    @Test
    void deregistrationRemovesThePeAndIsIdempotent() {
        Handlespace hs = handlespace();
        PoolElementEntry e = accepted(hs.registerOrUpdate(FRACTAL, rr(0x336e014d), "a"));
        accepted(hs.registerOrUpdate(FRACTAL, rr(2), "a"));
        assertSame(e, hs.deregister(FRACTAL, 0x336e014d).orElseThrow());
        assertFalse(e.isRegistered());
        assertTrue(hs.lookup(FRACTAL, 0x336e014d).isEmpty());
        assertTrue(hs.deregister(FRACTAL, 0x336e014d).isEmpty(), "already gone");
        assertTrue(hs.deregister(SCRIPTING, 1).isEmpty(), "unknown pool");
        assertEquals(1, hs.size());
        assertEquals(List.of(2), hs.byConnection("a").stream().map(PoolElementEntry::identifier).toList());
        assertTrue(hs.select(FRACTAL, 3).stream().noneMatch(x -> x == e), "never selected again");
    }

    @Test
    void associationLossRemovesEveryPeOfThatAssociationOnly() {
        Handlespace hs = handlespace();
        PoolElementEntry a1 = accepted(hs.registerOrUpdate(FRACTAL, rr(1), "assoc-A"));
        PoolElementEntry a2 = accepted(hs.registerOrUpdate(SCRIPTING, rr(2), "assoc-A"));
        PoolElementEntry b = accepted(hs.registerOrUpdate(FRACTAL, rr(3), "assoc-B"));
        accepted(hs.registerOrUpdate(FRACTAL, foreign(4, PEER), null));
        List<PoolElementEntry> removed = hs.removeByConnection("assoc-A");
        assertEquals(List.of(a2, a1), removed, "by pool handle: ScriptingPool sorts before FractalGeneratorPool");
        assertTrue(hs.pool(SCRIPTING).isEmpty());
        assertTrue(b.isRegistered());
        assertEquals(2, hs.size());
        assertEquals(List.of(), hs.removeByConnection("assoc-A"));
        assertEquals(List.of(), hs.removeByConnection("never-seen"));
    }

    @Test
    void unreachableReportsRemoveThePeAtTheThreshold() {
        Handlespace hs = handlespace();
        PoolElementEntry e = accepted(hs.registerOrUpdate(FRACTAL, rr(1), null));
        UnreachableOutcome first = hs.reportUnreachable(FRACTAL, 1, "client-a").orElseThrow();
        assertEquals(1, first.reports());
        assertFalse(first.removed());
        assertTrue(first.owned());
        assertFalse(hs.reportUnreachable(FRACTAL, 1, "client-b").orElseThrow().removed());
        UnreachableOutcome third = hs.reportUnreachable(FRACTAL, 1, "client-c").orElseThrow();
        assertTrue(third.removed(), "MaxBadPEReports = 3");
        assertTrue(third.owned(), "owned: caller sends Handle Update (Delete)");
        assertSame(e, third.entry());
        assertFalse(e.isRegistered());
        assertTrue(hs.reportUnreachable(FRACTAL, 1, "client-d").isEmpty(), "unknown PE: nothing to report");
    }

    @Test
    void oneClientCountsOnceHoweverOftenItReports() {
        Handlespace hs = handlespace();
        PoolElementEntry e = accepted(hs.registerOrUpdate(FRACTAL, rr(1), null));
        for (int i = 0; i < 1000; i++) {
            UnreachableOutcome o = hs.reportUnreachable(FRACTAL, 1, "attacker").orElseThrow();
            assertEquals(1, o.reports());
            assertFalse(o.removed());
        }
        assertTrue(e.isRegistered(), "§3.9: one client cannot remove a PE");
        assertFalse(hs.reportUnreachable(FRACTAL, 1, "client-b").orElseThrow().removed());
        assertTrue(hs.reportUnreachable(FRACTAL, 1, "client-c").orElseThrow().removed());
    }

    @Test
    void foreignPesAreDroppedLocallyOnly() {
        Handlespace hs = Fixtures.handlespace(HandlespaceConfig.defaults(OWN).withMaxBadPeReports(1));
        accepted(hs.registerOrUpdate(FRACTAL, foreign(1, PEER), null));
        UnreachableOutcome o = hs.reportUnreachable(FRACTAL, 1, "client").orElseThrow();
        assertTrue(o.removed());
        assertFalse(o.owned(), "non-home registrar sends nothing");
        assertEquals(0xFFFF, hs.checksum(PEER));
    }

    @Test
    void thresholdIsConfigurable() {
        Handlespace hs = Fixtures.handlespace(HandlespaceConfig.defaults(OWN).withMaxBadPeReports(5));
        accepted(hs.registerOrUpdate(FRACTAL, rr(1), null));
        for (int i = 1; i < 5; i++) {
            assertFalse(hs.reportUnreachable(FRACTAL, 1, "client-" + i).orElseThrow().removed());
        }
        assertTrue(hs.reportUnreachable(FRACTAL, 1, "client-5").orElseThrow().removed());
        assertThrows(IllegalArgumentException.class, () -> HandlespaceConfig.defaults(OWN).withMaxBadPeReports(0));
    }
}
