package org.raypool.registrar.enrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raypool.registrar.Registrar;
import org.raypool.registrar.TestRegistrars;
import org.raypool.testing.Await;
import org.raypool.testing.FakeEnrpPeer;
import org.raypool.wire.enrp.HandleTableRequest;
import org.raypool.wire.enrp.HandleTableResponse;
import org.raypool.wire.enrp.InitTakeover;
import org.raypool.wire.enrp.InitTakeoverAck;
import org.raypool.wire.enrp.ListRequest;
import org.raypool.wire.enrp.PoolEntry;
import org.raypool.wire.enrp.Presence;
import org.raypool.wire.enrp.TakeoverServer;
import org.raypool.wire.param.PeChecksum;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

/**
 * One real registrar and scripted peers speaking ENRP bytes to it (docs/protocol/registrar-behaviour.md §5, test
 * vectors §10).
 */
class EnrpBehaviourTest {
    private static final PoolHandle SCRIPTING = PoolHandle.fromString("ScriptingPool");
    private static final PoolHandle FRACTAL = PoolHandle.fromString("FractalGeneratorPool");
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    /** A registrar whose start-up phase (300 ms without a mentor) is over. */
    private Registrar registrar(int id) throws Exception {
        Registrar r = starting(id);
        Await.until("the registrar's start-up phase ends", () -> !r.inStartup());
        return r;
    }

    private Registrar starting(int id) throws Exception {
        Duration unit = Duration.ofMillis(300);
        EnrpConfig enrp = TestRegistrars.enrpConfig(id, 300, List.of()).enrp().orElseThrow()
                .withTimers(unit.dividedBy(2), unit, unit, unit, Duration.ofSeconds(5));
        Registrar r = Registrar.start(TestRegistrars.config(id).withEnrp(enrp));
        open.add(r);
        return r;
    }

    private FakeEnrpPeer peer(int id, Registrar r) throws Exception {
        FakeEnrpPeer p = new FakeEnrpPeer(id, TestRegistrars.enrpAddress(r));
        open.add(p);
        return p;
    }

    private static PoolElement pe(int id, int home) throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        return new PoolElement(id, home, 90_000, new TcpTransport(40000, TransportUse.DATA_PLUS_CONTROL, lo),
                PoolMemberSelectionPolicy.roundRobin()).withAsapTransport(new TcpTransport(1, TransportUse.DATA_ONLY, lo));
    }

    @Test
    void aHandleTableRequestFromAStrangerIsRejected() throws Exception {
        Registrar r = registrar(0x36acceb7);
        FakeEnrpPeer stranger = peer(0x99, r);
        stranger.send(new HandleTableRequest(0x99, 0x36acceb7, false));
        HandleTableResponse response = stranger.expect(HandleTableResponse.class);
        assertTrue(response.rejected());
        assertEquals(List.of(), response.entries());
    }

    /**
     * docs/protocol/registrar-behaviour.md §10.4: the first peer heard during start-up is the mentor; its whole table
     * is fetched.
     */
    @Test
    void theFirstPeerHeardDuringStartUpIsTheMentor() throws Exception {
        Registrar r = starting(0x278ca457);
        FakeEnrpPeer mentor = peer(0x36acceb7, r);
        mentor.checksum = new PeChecksum(0x1D21);
        mentor.send(mentor.presence(0, false));
        mentor.expect(ListRequest.class);
        HandleTableRequest first = mentor.expect(HandleTableRequest.class);
        assertFalse(first.ownChildrenOnly(), "W = 0 to the mentor");
        mentor.send(new HandleTableResponse(0x36acceb7, 0x278ca457, false, true,
                List.of(new PoolEntry(SCRIPTING, pe(0x14f2d0d7, 0x36acceb7)))));
        HandleTableRequest next = mentor.expect(HandleTableRequest.class);
        assertFalse(next.ownChildrenOnly(), "M = 1: ask the mentor again, still W = 0");
        mentor.send(new HandleTableResponse(0x36acceb7, 0x278ca457, false, false,
                List.of(new PoolEntry(FRACTAL, pe(0x7faab6d8, 0x36acceb7)), new PoolEntry(FRACTAL, pe(0x5, 0x77)))));
        Await.until("the mentor's table (3 PEs)", Duration.ofSeconds(10), () -> r.inspect(hs -> hs.size()),
                size -> size == 3);
        assertEquals(0x1D21, (int) r.inspect(hs -> hs.checksum(0x36acceb7)));
        assertEquals(0x77, (int) r.inspect(hs -> hs.lookup(FRACTAL, 0x5).orElseThrow().homeRegistrarId()),
                "W = 0 brings PEs of third registrars with their home");
    }

    /**
     * docs/protocol/registrar-behaviour.md §10.4 and §10.5: a new peer is greeted, and a checksum it does not match is
     * resynchronised.
     */
    @Test
    void aChecksumMismatchFetchesThePeersOwnPoolElements() throws Exception {
        Registrar r = registrar(0x36acceb7);
        FakeEnrpPeer f = peer(0x278ca457, r);
        f.checksum = new PeChecksum(0x1D21);
        f.send(f.presence(0x36acceb7, true));
        Presence greeting = f.expect(Presence.class, Presence::replyRequired);
        assertEquals(0xFFFF, greeting.checksum().value(), "the registrar owns nothing");
        HandleTableRequest request = f.expect(HandleTableRequest.class);
        assertTrue(request.ownChildrenOnly(), "W = 1: only the PEs whose home is the peer");
        f.expect(ListRequest.class);
        f.send(new HandleTableResponse(0x278ca457, 0x36acceb7, false, false,
                List.of(new PoolEntry(SCRIPTING, pe(0x14f2d0d7, 0x278ca457)), new PoolEntry(FRACTAL, pe(0x7faab6d8, 0x278ca457)))));
        Await.until("the two PEs (checksum 0x1D21)", Duration.ofSeconds(10),
                () -> r.inspect(hs -> hs.checksum(0x278ca457)), checksum -> checksum == 0x1D21);
        f.send(f.presence(0x36acceb7, false));
        f.expectNo(HandleTableRequest.class, m -> true, Duration.ofMillis(500));
    }

    /** Peer 0x70 makes registrar 0x50 learn that it owns PE {@code peId} (checksum resync), then falls silent. */
    private void targetOwning(int peId, Registrar r) throws Exception {
        FakeEnrpPeer target = peer(0x70, r);
        target.checksum = PeChecksum.ofSum(PeChecksum.sumOf(SCRIPTING, peId));
        target.send(target.presence(0x50, false));
        HandleTableRequest sync = target.expect(HandleTableRequest.class, HandleTableRequest::ownChildrenOnly);
        assertEquals(0x70, sync.receiverServerIdentifier());
        target.send(new HandleTableResponse(0x70, 0x50, false, false, List.of(new PoolEntry(SCRIPTING, pe(peId, 0x70)))));
    }

    /**
     * A silent peer owning PEs is taken over; a concurrent Init Takeover from a peer with a lower ID makes the
     * registrar yield and ack, one from a higher ID is not acked, and Takeover Server moves the PEs
     * (docs/protocol/registrar-behaviour.md §5.6).
     */
    @Test
    void ofTwoRegistrarsTakingOverTheSamePeerTheLowerIdGoesOn() throws Exception {
        Registrar r = registrar(0x50);
        FakeEnrpPeer lower = peer(0x10, r);
        lower.heartbeat(Duration.ofMillis(100));
        targetOwning(0x1111, r);

        InitTakeover ours = lower.expect(InitTakeover.class, m -> m.targetServerIdentifier() == 0x70);
        assertEquals(0x50, ours.senderServerIdentifier());
        lower.send(new InitTakeover(0x10, 0x50, 0x70));
        InitTakeoverAck ack = lower.expect(InitTakeoverAck.class);
        assertEquals(0x70, ack.targetServerIdentifier(), "the registrar yields to the lower ID");
        lower.send(new TakeoverServer(0x10, 0x50, 0x70));
        Await.until("Takeover Server moves the PE to 0x10", Duration.ofSeconds(10),
                () -> r.inspect(hs -> hs.lookup(SCRIPTING, 0x1111).map(e -> e.homeRegistrarId()).orElse(0)),
                home -> home == 0x10);
        lower.expectNo(TakeoverServer.class, m -> true, Duration.ofMillis(1500));
        assertFalse(r.enrpPeers().contains(0x70) && r.inspect(hs -> hs.ownedCount(0x50)) > 0);
    }

    @Test
    void aConcurrentTakeoverFromAHigherIdIsIgnoredAndOursFinishes() throws Exception {
        Registrar r = registrar(0x50);
        FakeEnrpPeer higher = peer(0x90, r);
        higher.heartbeat(Duration.ofMillis(100));
        targetOwning(0x2222, r);

        higher.expect(InitTakeover.class, m -> m.targetServerIdentifier() == 0x70);
        higher.send(new InitTakeover(0x90, 0x50, 0x70));
        higher.expectNo(InitTakeoverAck.class, m -> true, Duration.ofMillis(300));
        higher.send(new InitTakeoverAck(0x90, 0x50, 0x70));
        TakeoverServer done = higher.expect(TakeoverServer.class);
        assertEquals(0x70, done.targetServerIdentifier());
        assertEquals(0x50, (int) r.inspect(hs -> hs.lookup(SCRIPTING, 0x2222).map(e -> e.homeRegistrarId()).orElse(0)));
    }
}
