package org.raypool.asap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.raypool.asap.HomeRegistrar.Action;
import org.raypool.asap.HomeRegistrar.Step;

/** The pool element's home registrar (docs/protocol/registrar-behaviour.md §6.3) on values, the time passed in. */
class HomeRegistrarTest {
    private static final String R1 = "association to R1", R2 = "takeover association from R2",
            R3 = "association to R3";

    @Test
    void theFirstHuntMakesTheHomeAndKeepAlivesOnItAreAcked() {
        HomeRegistrar<String> home = new HomeRegistrar<>(1_000);
        assertEquals(new Step<String>(Action.ADOPT, Optional.empty(), 250), home.connected(R1, 0, 1_250));
        assertEquals(Optional.of(R1), home.home());
        assertEquals(0, home.identifier(), "not known until it says");
        assertEquals(Action.ACK, home.keepAlive(R1, false, 0xa1, 6_000).action());
        assertEquals(0xa1, home.identifier(), "learnt from the Server ID of its keep-alive");
    }

    @Test
    void aTakeoverAfterTheHomeDiedMovesThePoolElementAndSaysHowLongItHadNone() {
        HomeRegistrar<String> home = new HomeRegistrar<>(0);
        home.connected(R1, 0xa1, 100);
        assertEquals(Action.HUNT, home.lost(R1, 10_000).action());
        assertEquals(Optional.empty(), home.home());
        assertEquals(0, home.identifier());
        assertEquals(new Step<String>(Action.MOVE, Optional.empty(), 3_200), home.keepAlive(R2, true, 0xb2, 13_200));
        assertEquals(Optional.of(R2), home.home());
        assertEquals(0xb2, home.identifier());
        assertEquals(Action.ACK, home.keepAlive(R2, false, 0xb2, 18_200).action(), "then R2's usual keep-alives");
        assertEquals(Action.IGNORE, home.lost(R1, 18_300).action(), "the old association's end changes nothing");
    }

    @Test
    void aTakeoverWhileTheOldHomeStillAnswersReplacesItAndReleasesTheOldAssociation() {
        HomeRegistrar<String> home = new HomeRegistrar<>(0);
        home.connected(R1, 0xa1, 0);
        assertEquals(new Step<String>(Action.MOVE, Optional.of(R1), 0), home.keepAlive(R2, true, 0xb2, 5_000));
        assertEquals(Action.IGNORE, home.lost(R1, 5_001).action());
        assertEquals(Optional.of(R2), home.home());
    }

    @Test
    void aKeepAliveWithoutTheHBitOnAnotherAssociationIsIgnored() {
        HomeRegistrar<String> home = new HomeRegistrar<>(0);
        home.connected(R1, 0xa1, 0);
        assertEquals(Action.IGNORE, home.keepAlive(R2, false, 0xb2, 1_000).action());
        assertEquals(Optional.of(R1), home.home());
        assertEquals(0xa1, home.identifier());
        assertEquals(Action.IGNORE, home.keepAlive(R2, false, 0xb2, 1_000).action(), "nor without a home");
    }

    @Test
    void aHuntThatConnectsAfterATakeoverGaveAHomeIsClosed() {
        HomeRegistrar<String> home = new HomeRegistrar<>(0);
        home.keepAlive(R2, true, 0xb2, 4_000);
        assertEquals(Action.CLOSE, home.connected(R3, 0xc3, 4_100).action());
        assertEquals(Optional.of(R2), home.home());
        assertEquals(0xb2, home.identifier());
    }

    @Test
    void anHBitKeepAliveOnTheHomeAssociationIsAnAckNotAMove() {
        HomeRegistrar<String> home = new HomeRegistrar<>(0);
        home.connected(R1, 0xa1, 0);
        assertEquals(Action.ACK, home.keepAlive(R1, true, 0xa1, 1_000).action());
    }
}
