package org.raypool.registrar.handlespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raypool.registrar.handlespace.Fixtures.FRACTAL;
import static org.raypool.registrar.handlespace.Fixtures.OTHER_PEER;
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
 * Mark/purge table synchronisation (docs/protocol/registrar-behaviour.md §5.3, §5.5, §10.5) and takeover bookkeeping
 * (§5.6).
 */
class TableSyncTest {

    @Test
    void section105SyncFindsBothPesAndPurgesNothing() {
        Handlespace hs = handlespace();
        PoolElementEntry known = accepted(hs.registerOrUpdate(SCRIPTING, foreign(0x14f2d0d7, PEER), null));
        int announced = 0x1D21;
        assertTrue(hs.checksum(PEER) != announced, "0x37C6 differs: start a sync");
        assertEquals(1, hs.markOwnedBy(PEER));
        assertTrue(known.isMarked());
        // Handle Table Response (W = 1) carries both PEs
        accepted(hs.registerOrUpdate(SCRIPTING, foreign(0x14f2d0d7, PEER), null));
        accepted(hs.registerOrUpdate(FRACTAL, foreign(0x7faab6d8, PEER), null));
        assertFalse(known.isMarked());
        assertEquals(List.of(), hs.purgeMarked(PEER));
        assertEquals(announced, hs.checksum(PEER));
    }

    @Test
    void purgeRemovesWhatThePeerNoLongerOwns() {
        Handlespace hs = handlespace();
        PoolElementEntry stale = accepted(hs.registerOrUpdate(FRACTAL, foreign(1, PEER), null));
        PoolElementEntry fresh = accepted(hs.registerOrUpdate(FRACTAL, foreign(2, PEER), null));
        PoolElementEntry other = accepted(hs.registerOrUpdate(FRACTAL, foreign(3, OTHER_PEER), null));
        PoolElementEntry mine = accepted(hs.registerOrUpdate(FRACTAL, rr(4), "a"));
        assertEquals(2, hs.markOwnedBy(PEER));
        assertFalse(other.isMarked());
        assertFalse(mine.isMarked());
        accepted(hs.registerOrUpdate(FRACTAL, foreign(2, PEER), null));
        assertEquals(List.of(stale), hs.purgeMarked(PEER));
        assertTrue(fresh.isRegistered());
        assertTrue(other.isRegistered());
        assertEquals(List.of(fresh), hs.ownedBy(PEER));
        assertEquals(0, hs.markOwnedBy(0x12345678));
    }

    @Test
    void purgeOnlyTouchesTheSyncedPeer() {
        Handlespace hs = handlespace();
        PoolElementEntry a = accepted(hs.registerOrUpdate(FRACTAL, foreign(1, PEER), null));
        PoolElementEntry b = accepted(hs.registerOrUpdate(FRACTAL, foreign(2, OTHER_PEER), null));
        hs.markOwnedBy(PEER);
        hs.markOwnedBy(OTHER_PEER);
        assertEquals(List.of(b), hs.purgeMarked(OTHER_PEER));
        assertTrue(a.isRegistered());
        assertTrue(a.isMarked());
    }

    @Test
    void takeoverMovesEveryPeOfTheTargetToTheTaker() {
        Handlespace hs = handlespace();
        accepted(hs.registerOrUpdate(SCRIPTING, foreign(0x14f2d0d7, PEER), null));
        accepted(hs.registerOrUpdate(FRACTAL, foreign(0x7faab6d8, PEER), null));
        accepted(hs.registerOrUpdate(FRACTAL, foreign(9, OTHER_PEER), null));
        List<PoolElementEntry> target = hs.ownedBy(PEER);
        assertEquals(List.of(SCRIPTING, FRACTAL), target.stream().map(PoolElementEntry::poolHandle).toList());
        List<PoolElementEntry> moved = hs.changeOwner(PEER, OWN);
        assertEquals(target, moved);
        assertTrue(moved.stream().allMatch(e -> e.homeRegistrarId() == OWN));
        assertEquals(0, hs.ownedCount(PEER));
        assertEquals(2, hs.ownedCount(OWN));
        assertEquals(0x1D21, hs.checksum(OWN));
        assertEquals(List.of(), hs.changeOwner(PEER, OWN));
    }

    @Test
    void takeoverRewritesTheHomeOfTheStoredPoolElement() {
        Handlespace hs = handlespace();
        PoolElementEntry e = accepted(hs.registerOrUpdate(SCRIPTING, foreign(0x14f2d0d7, PEER), null));
        hs.changeOwner(PEER, OWN);
        assertEquals(foreign(0x14f2d0d7, OWN), e.poolElement(), "Handle Updates now announce this registrar as home");
        assertEquals(OWN, e.homeRegistrarId());
        assertEquals(List.of(e), hs.ownedBy(OWN));
    }
}
