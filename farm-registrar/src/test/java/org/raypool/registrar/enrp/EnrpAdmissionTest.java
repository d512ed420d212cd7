package org.raypool.registrar.enrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

/** The ENRP admission rules on values (docs/protocol/registrar-behaviour.md "ENRP admission"). */
class EnrpAdmissionTest {
    private static final int US = 0x10, PEER = 0x20, OTHER = 0x30;
    private final EnrpAdmission admission = new EnrpAdmission(US, new EnrpAdmission.Limits(2, 3, 60_000));
    private static final EnrpAdmission.Via FRESH = new EnrpAdmission.Via(0, false);

    private static PoolElement pe(int id, int home, long life, String address) throws Exception {
        InetAddress a = InetAddress.getByName(address);
        return new PoolElement(id, home, life, new TcpTransport(40000, TransportUse.DATA_PLUS_CONTROL, a),
                PoolMemberSelectionPolicy.roundRobin()).withAsapTransport(new TcpTransport(3863, TransportUse.DATA_ONLY, a));
    }

    private static PoolElement pe(int id, int home) throws Exception {
        return pe(id, home, 30_000, "10.0.0.7");
    }

    private Optional<String> add(int sender, PoolElement pe, Optional<EnrpAdmission.Existing> existing) {
        return admission.poolElement(sender, pe, false, existing, false, 0);
    }

    private Optional<String> delete(int sender, PoolElement pe, Optional<EnrpAdmission.Existing> existing) {
        return admission.poolElement(sender, pe, true, existing, false, 0);
    }

    @Test
    void anIdentifierBelongsToTheAssociationItCameOver() {
        assertTrue(admission.sender(PEER, FRESH, EnrpAdmission.Sender.UNKNOWN).isEmpty(), "a stranger's first");
        assertTrue(admission.sender(US, FRESH, EnrpAdmission.Sender.UNKNOWN).orElseThrow().contains("our own"));
        assertTrue(admission.sender(0, FRESH, EnrpAdmission.Sender.UNKNOWN).isPresent());
        assertTrue(admission.sender(PEER, new EnrpAdmission.Via(PEER, false), new EnrpAdmission.Sender(true, true))
                .isEmpty(), "its own association");
        assertEquals(Optional.of("0x00000020 is live on another association"),
                admission.sender(PEER, FRESH, new EnrpAdmission.Sender(true, true)));
        assertTrue(admission.sender(PEER, new EnrpAdmission.Via(OTHER, false), EnrpAdmission.Sender.UNKNOWN)
                .orElseThrow().contains("already speaks for 0x00000030"), "an association cannot change identity");
    }

    @Test
    void aLivePeerMayOpenOneAssociationToUsBesideOurs() {
        assertTrue(admission.sender(PEER, FRESH, new EnrpAdmission.Sender(true, false)).isEmpty(),
                "the peer's own association beside the one we opened (TCP: both sides connect)");
        assertTrue(admission.sender(PEER, new EnrpAdmission.Via(0, true), new EnrpAdmission.Sender(true, false))
                .isPresent(), "one of our associations that speaks for nobody cannot claim a known peer");
    }

    @Test
    void thePeerTableHasALimit() {
        assertTrue(admission.newPeer(1).isEmpty());
        assertTrue(admission.newPeer(2).orElseThrow().contains("--max-enrp-peers"));
    }

    @Test
    void aPeerAnnouncesOnlyItsOwnPoolElements() throws Exception {
        assertTrue(add(PEER, pe(1, PEER), Optional.empty()).isEmpty());
        assertTrue(add(PEER, pe(1, OTHER), Optional.empty()).orElseThrow().contains("not the sender"));
        assertTrue(add(PEER, pe(1, US), Optional.empty()).orElseThrow().contains("not the sender"));
        assertTrue(add(PEER, pe(1, 0), Optional.empty()).isPresent());
        assertTrue(delete(PEER, pe(1, OTHER), Optional.empty()).isPresent(), "a delete in another's name");
    }

    @Test
    void aMentorsFullTableListsOtherRegistrarsPoolElementsButCannotRehomeLiveOnes() throws Exception {
        assertTrue(admission.poolElement(PEER, pe(1, OTHER), false, Optional.empty(), true, 0).isEmpty());
        assertTrue(admission.poolElement(PEER, pe(1, US), false, Optional.empty(), true, 0).isPresent());
        assertTrue(admission.poolElement(PEER, pe(1, PEER), false,
                Optional.of(new EnrpAdmission.Existing(OTHER, true, false)), true, 0).isPresent());
    }

    @Test
    void nobodyDeletesOrRehomesOurPoolElementsOrThoseOfALivePeer() throws Exception {
        EnrpAdmission.Existing ours = new EnrpAdmission.Existing(US, true, true);
        EnrpAdmission.Existing othersLive = new EnrpAdmission.Existing(OTHER, true, false);
        EnrpAdmission.Existing othersSilent = new EnrpAdmission.Existing(OTHER, false, false);
        assertEquals(Optional.of("PE is ours"), delete(PEER, pe(1, PEER), Optional.of(ours)));
        assertEquals(Optional.of("PE is ours"), add(PEER, pe(1, PEER), Optional.of(ours)));
        assertTrue(delete(PEER, pe(1, PEER), Optional.of(othersLive)).orElseThrow().contains("live peer 0x00000030"));
        assertTrue(add(PEER, pe(1, PEER), Optional.of(othersLive)).orElseThrow().contains("live peer"));
        assertTrue(add(PEER, pe(1, PEER), Optional.of(othersSilent)).isEmpty(), "a silent home's PE moves");
        assertTrue(delete(PEER, pe(1, PEER), Optional.of(new EnrpAdmission.Existing(PEER, true, false))).isEmpty());
    }

    @Test
    void aPoolElementWeTookOverButNeverReachedMayReturnToItsNewHome() throws Exception {
        assertTrue(add(PEER, pe(1, PEER), Optional.of(new EnrpAdmission.Existing(US, true, false))).isEmpty());
        assertTrue(delete(PEER, pe(1, PEER), Optional.of(new EnrpAdmission.Existing(US, true, false))).isPresent());
    }

    @Test
    void aPeerMayBeHomeOfABoundedNumberOfPoolElements() throws Exception {
        assertTrue(admission.poolElement(PEER, pe(9, PEER), false, Optional.empty(), false, 2).isEmpty());
        assertTrue(admission.poolElement(PEER, pe(9, PEER), false, Optional.empty(), false, 3).orElseThrow()
                .contains("--max-pes-per-peer"));
        assertTrue(admission.poolElement(PEER, pe(9, PEER), false,
                Optional.of(new EnrpAdmission.Existing(PEER, true, false)), false, 3).isEmpty(), "an update");
        assertTrue(admission.poolElement(PEER, pe(9, PEER), true,
                Optional.of(new EnrpAdmission.Existing(PEER, true, false)), false, 3).isEmpty(), "a delete");
    }

    @Test
    void addressesAreSanityChecked() throws Exception {
        for (String bad : new String[] {"0.0.0.0", "::", "239.0.0.50", "ff02::1", "255.255.255.255"}) {
            assertTrue(add(PEER, pe(1, PEER, 30_000, bad), Optional.empty()).orElseThrow().contains("wildcard"), bad);
        }
        assertTrue(add(PEER, pe(1, PEER, 30_000, "127.0.0.1"), Optional.empty()).isEmpty());
        assertTrue(add(PEER, pe(1, PEER).withoutAsapTransport(), Optional.empty()).isPresent());
    }

    @Test
    void theRegistrationLifeIsCapped() throws Exception {
        assertEquals(60_000, admission.capped(pe(1, PEER, 0xFFFF_FFFFL, "10.0.0.7")).registrationLife());
        assertEquals(30_000, admission.capped(pe(1, PEER, 30_000, "10.0.0.7")).registrationLife());
    }

    @Test
    void aTakeoverNeedsATargetWeDoNotHear() {
        long now = 100_000;
        assertTrue(admission.takeover(PEER, Optional.of(now - 1_000), now, 5_000).orElseThrow()
                .contains("1000 ms ago"));
        assertTrue(admission.takeover(PEER, Optional.of(now - 5_000), now, 5_000).isEmpty());
        assertTrue(admission.takeover(PEER, Optional.empty(), now, 5_000).isEmpty(), "a target we do not know");
        assertTrue(admission.takeover(US, Optional.empty(), now, 5_000).isPresent());
    }
}
