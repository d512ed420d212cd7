package org.raypool.registrar.handlespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raypool.registrar.handlespace.Fixtures.FRACTAL;
import static org.raypool.registrar.handlespace.Fixtures.LIFE;
import static org.raypool.registrar.handlespace.Fixtures.OTHER_PEER;
import static org.raypool.registrar.handlespace.Fixtures.OWN;
import static org.raypool.registrar.handlespace.Fixtures.PEER;
import static org.raypool.registrar.handlespace.Fixtures.SCRIPTING;
import static org.raypool.registrar.handlespace.Fixtures.accepted;
import static org.raypool.registrar.handlespace.Fixtures.foreign;
import static org.raypool.registrar.handlespace.Fixtures.handlespace;
import static org.raypool.registrar.handlespace.Fixtures.rr;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Expiry of foreign PEs (docs/protocol/registrar-behaviour.md §5.4, §5.5) and §8 item 3. */
class ExpiryTest {

    @Test
    void foreignPesExpireAfterTheirRegistrationLife() {
        Handlespace hs = handlespace();
        long now = 1_000_000;
        PoolElementEntry a = accepted(hs.registerOrUpdate(FRACTAL, foreign(1, PEER), null));
        hs.restartExpiry(a, now + a.poolElement().registrationLife());
        PoolElementEntry b = accepted(hs.registerOrUpdate(FRACTAL, foreign(2, PEER), null));
        hs.restartExpiry(b, now + 10 + LIFE);
        assertEquals(OptionalLong.of(now + LIFE), hs.nextExpiry());
        assertEquals(List.of(), hs.expire(now + LIFE - 1));
        assertEquals(List.of(a), hs.expire(now + LIFE), "deadline reached means expired");
        assertFalse(a.isRegistered());
        assertEquals(OptionalLong.of(now + 10 + LIFE), hs.nextExpiry());
        assertEquals(List.of(b), hs.expire(Long.MAX_VALUE));
        assertTrue(hs.pool(FRACTAL).isEmpty());
        assertEquals(OptionalLong.empty(), hs.nextExpiry());
    }

    @Test
    void handleUpdatesRestartTheTimer() {
        Handlespace hs = handlespace();
        PoolElementEntry e = accepted(hs.registerOrUpdate(FRACTAL, foreign(1, PEER), null));
        hs.restartExpiry(e, 100);
        accepted(hs.registerOrUpdate(FRACTAL, foreign(1, PEER), null));
        assertEquals(OptionalLong.of(100), e.expiryDeadline(), "an update alone keeps the deadline");
        hs.restartExpiry(e, 250);
        assertEquals(List.of(), hs.expire(200));
        assertEquals(List.of(e), hs.expire(250));
    }

    @Test
    void removedEntriesLeaveTheTimerQueue() {
        Handlespace hs = handlespace();
        PoolElementEntry e = accepted(hs.registerOrUpdate(FRACTAL, foreign(1, PEER), null));
        hs.restartExpiry(e, 100);
        hs.deregister(FRACTAL, 1);
        assertEquals(OptionalLong.empty(), hs.nextExpiry());
        assertThrows(IllegalStateException.class, () -> hs.restartExpiry(e, 5));
    }

    @Test
    void ownedPesNeverExpire() {
        Handlespace hs = handlespace();
        PoolElementEntry own = accepted(hs.registerOrUpdate(FRACTAL, rr(1), "a"));
        assertThrows(IllegalStateException.class, () -> hs.restartExpiry(own, 100));
        PoolElementEntry e = accepted(hs.registerOrUpdate(SCRIPTING, foreign(2, PEER), null));
        hs.restartExpiry(e, 100);
        accepted(hs.registerOrUpdate(SCRIPTING, rr(2), "b"));
        assertTrue(e.expiryDeadline().isEmpty(), "registered here: keep-alives watch it now");
        assertEquals(List.of(), hs.expire(Long.MAX_VALUE));
        assertEquals(2, hs.size());
    }

    @Test
    void takeoverByMeCancelsExpiryButTakeoverByAPeerKeepsIt() {
        Handlespace hs = handlespace();
        PoolElementEntry a = accepted(hs.registerOrUpdate(FRACTAL, foreign(1, PEER), null));
        PoolElementEntry b = accepted(hs.registerOrUpdate(FRACTAL, foreign(2, OTHER_PEER), null));
        hs.restartExpiry(a, 100);
        hs.restartExpiry(b, 100);
        assertEquals(List.of(a), hs.changeOwner(PEER, OWN));
        assertTrue(a.expiryDeadline().isEmpty());
        assertEquals(List.of(b), hs.changeOwner(OTHER_PEER, PEER), "Takeover Server from a peer");
        assertEquals(OptionalLong.of(100), b.expiryDeadline());
        assertEquals(List.of(b), hs.expire(100));
    }

    @Test
    void cancelExpiryStopsTheTimer() {
        Handlespace hs = handlespace();
        PoolElementEntry e = accepted(hs.registerOrUpdate(FRACTAL, foreign(1, PEER), null));
        hs.restartExpiry(e, 100);
        hs.cancelExpiry(e);
        assertEquals(List.of(), hs.expire(1_000));
        assertTrue(e.isRegistered());
    }
}
