package org.raypool.registrar.enrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.raypool.asap.PoolElementRegistration;
import org.raypool.registrar.Registrar;
import org.raypool.registrar.TestRegistrars;
import org.raypool.registrar.handlespace.Pool;
import org.raypool.registrar.handlespace.PoolElementEntry;
import org.raypool.testing.Await;
import org.raypool.testing.FakeEnrpPeer;
import org.raypool.transport.Transports;
import org.raypool.wire.enrp.HandleTableResponse;
import org.raypool.wire.enrp.HandleUpdate;
import org.raypool.wire.enrp.InitTakeover;
import org.raypool.wire.enrp.InitTakeoverAck;
import org.raypool.wire.enrp.PoolEntry;
import org.raypool.wire.enrp.Presence;
import org.raypool.wire.enrp.TakeoverServer;
import org.raypool.wire.enrp.UpdateAction;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

/**
 * The ENRP attacks of issue 15, re-enacted in open mode by a scripted peer against two real registrars (0xa1, 0x0b)
 * with one real pool element each (docs/protocol/registrar-behaviour.md "ENRP admission"). Each is refused and both
 * handlespaces keep both PEs with their homes.
 */
class EnrpAttacksTest {
    private static final PoolHandle POOL = PoolHandle.fromString("ScriptingPool");
    /** B's identifier is lower than A's, so A's TCP tie-break (§5.3) keeps a second association that claims B. */
    private static final int A = 0xa1, B = 0x0b, PE_A = 0x11, PE_B = 0x21, EVIL = 0x99;
    private static final long CAP = 60_000;
    private static final TreeSet<String> HONEST = new TreeSet<>(List.of("00000011@000000a1", "00000021@0000000b"));
    private final List<AutoCloseable> open = new ArrayList<>();
    private Registrar a;
    private Registrar b;

    @BeforeEach
    void farm() throws Exception {
        a = registrar(A, Optional.empty());
        b = registrar(B, Optional.of(a));
        poolElement(PE_A, a);
        poolElement(PE_B, b);
        Await.until("both registrars know both PEs", () -> view(a).equals(HONEST) && view(b).equals(HONEST));
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    /** At most 3 peers, 2 PEs per peer, a Registration Life of 60 s; peers are silent after 600 ms. */
    private Registrar registrar(int id, Optional<Registrar> peer) throws Exception {
        List<InetSocketAddress> peers = peer.map(p -> List.of(TestRegistrars.enrpAddress(p))).orElse(List.of());
        EnrpConfig enrp = TestRegistrars.enrpConfig(id, 600, peers).enrp().orElseThrow()
                .withLimits(3, 2, Duration.ofMillis(CAP));
        Registrar r = Registrar.start(TestRegistrars.config(id).withEnrp(enrp));
        open.add(r);
        return r;
    }

    private void poolElement(int id, Registrar at) throws Exception {
        PoolElementRegistration pe = new PoolElementRegistration(TestRegistrars.clientOf(at), Transports.forName("tcp"),
                POOL, id, local -> new TcpTransport(40000 + id, TransportUse.DATA_PLUS_CONTROL,
                        local.get(0).getAddress()), PoolMemberSelectionPolicy.roundRobin(), Duration.ofSeconds(30));
        open.add(pe);
        pe.register(Duration.ofSeconds(10));
    }

    private FakeEnrpPeer attacker(int id) throws Exception {
        FakeEnrpPeer p = new FakeEnrpPeer(id, TestRegistrars.enrpAddress(a));
        open.add(p);
        return p;
    }

    /** An attacker that a took as a new peer (open mode lets a stranger introduce itself with a Presence). */
    private FakeEnrpPeer peerOfA(int id) throws Exception {
        FakeEnrpPeer p = attacker(id);
        p.send(p.presence(A, true));
        p.expect(Presence.class);
        Await.until("a lists 0x" + Integer.toHexString(id) + " as a peer", () -> a.enrpPeers().contains(id));
        return p;
    }

    private static PoolElement pe(int id, int home, long life, String address) throws Exception {
        return FakeEnrpPeer.poolElement(id, home, life, address);
    }

    private static HandleUpdate update(int sender, UpdateAction action, PoolElement pe) {
        return new HandleUpdate(sender, A, false, action, POOL, pe);
    }

    /** "PE@home" of every PE of the pool. */
    private static TreeSet<String> view(Registrar r) {
        return r.inspect(hs -> {
            TreeSet<String> set = new TreeSet<>();
            for (Pool pool : hs.pools()) {
                for (PoolElementEntry e : pool.entries()) {
                    set.add(String.format("%08x@%08x", e.identifier(), e.homeRegistrarId()));
                }
            }
            return set;
        });
    }

    /** The attack changed nothing: after a round trip through a's loop (a Presence answered), both views are honest. */
    private void nothingLost(FakeEnrpPeer probe) throws Exception {
        probe.clear();
        probe.send(probe.presence(A, true));
        probe.expect(Presence.class);
        Thread.sleep(300);
        assertEquals(HONEST, view(a), "a's handlespace");
        assertEquals(HONEST, view(b), "b's handlespace");
    }

    @Test
    void anotherAssociationCannotSpeakForALivePeerOrForUs() throws Exception {
        FakeEnrpPeer asB = attacker(B);
        asB.send(asB.presence(A, true));
        asB.send(update(B, UpdateAction.DELETE_PE, pe(PE_B, B, 30_000, "127.0.0.1")));
        asB.send(update(B, UpdateAction.ADD_PE, pe(PE_B, B, 30_000, "127.0.0.2")));
        asB.expectNo(Presence.class, m -> true, Duration.ofMillis(500));
        FakeEnrpPeer asA = attacker(A);
        asA.send(update(A, UpdateAction.DELETE_PE, pe(PE_A, A, 30_000, "127.0.0.1")));
        asA.send(asA.presence(A, true));
        asA.expectNo(Presence.class, m -> true, Duration.ofMillis(300));
        nothingLost(peerOfA(EVIL));
        assertEquals("127.0.0.1", a.inspect(hs -> hs.lookup(POOL, PE_B).orElseThrow().poolElement().userTransport()
                .addresses().get(0).getHostAddress()), "b's PE keeps its address");
    }

    @Test
    void aStrangerMustIntroduceItselfBeforeItsHandleUpdatesCount() throws Exception {
        FakeEnrpPeer stranger = attacker(EVIL);
        stranger.send(update(EVIL, UpdateAction.ADD_PE, pe(0x9901, EVIL, 30_000, "127.0.0.1")));
        stranger.send(update(EVIL, UpdateAction.DELETE_PE, pe(PE_B, B, 30_000, "127.0.0.1")));
        Thread.sleep(300);
        nothingLost(stranger);
    }

    @Test
    void aPeerCannotAnnounceDeleteOrRehomeOthersPoolElements() throws Exception {
        FakeEnrpPeer evil = peerOfA(EVIL);
        evil.send(update(EVIL, UpdateAction.ADD_PE, pe(0x9901, B, 30_000, "127.0.0.1")));
        evil.send(update(EVIL, UpdateAction.DELETE_PE, pe(PE_B, B, 30_000, "127.0.0.1")));
        evil.send(update(EVIL, UpdateAction.DELETE_PE, pe(PE_A, A, 30_000, "127.0.0.1")));
        evil.send(update(EVIL, UpdateAction.DELETE_PE, pe(PE_B, EVIL, 30_000, "127.0.0.1")));
        evil.send(update(EVIL, UpdateAction.ADD_PE, pe(PE_B, EVIL, 30_000, "127.0.0.9")));
        evil.send(update(EVIL, UpdateAction.ADD_PE, pe(PE_A, EVIL, 30_000, "127.0.0.9")));
        evil.send(new HandleTableResponse(EVIL, A, false, false, List.of(new PoolEntry(POOL,
                pe(PE_B, EVIL, 30_000, "127.0.0.9")))));
        nothingLost(evil);
    }

    @Test
    void aPeersOwnPoolElementsAreCheckedCappedAndLimited() throws Exception {
        FakeEnrpPeer evil = peerOfA(EVIL);
        for (String bad : List.of("0.0.0.0", "239.0.0.50", "255.255.255.255")) {
            evil.send(update(EVIL, UpdateAction.ADD_PE, pe(0x9900, EVIL, 30_000, bad)));
        }
        evil.send(update(EVIL, UpdateAction.ADD_PE, pe(0x9901, EVIL, 0xFFFF_FFFFL, "127.0.0.1")));
        evil.send(update(EVIL, UpdateAction.ADD_PE, pe(0x9902, EVIL, 30_000, "127.0.0.1")));
        evil.send(update(EVIL, UpdateAction.ADD_PE, pe(0x9903, EVIL, 30_000, "127.0.0.1")));
        Await.until("a stores the peer's two valid PEs", () -> view(a).contains("00009902@00000099"));
        Thread.sleep(300);
        assertEquals(2, (int) a.inspect(hs -> hs.ownedCount(EVIL)), "--max-pes-per-peer 2: " + view(a));
        assertFalse(view(a).contains("00009900@00000099"), "no PE at a wildcard, multicast or broadcast address");
        assertEquals(CAP, (long) a.inspect(hs -> hs.lookup(POOL, 0x9901).orElseThrow().poolElement()
                .registrationLife()), "Registration Life 2^32-1 ms cut to --max-registration-life");
    }

    @Test
    void noTakeoverOfAPeerWeStillHear() throws Exception {
        FakeEnrpPeer evil = peerOfA(EVIL);
        evil.send(new InitTakeover(EVIL, A, B));
        evil.expectNo(InitTakeoverAck.class, m -> true, Duration.ofMillis(500));
        evil.send(new TakeoverServer(EVIL, A, B));
        nothingLost(evil);
        assertTrue(a.enrpPeers().contains(B));
    }

    @Test
    void thePeerTableIsFull() throws Exception {
        peerOfA(0x97);
        peerOfA(0x98);
        FakeEnrpPeer tooMany = attacker(0x96);
        tooMany.send(tooMany.presence(A, true));
        tooMany.expectNo(Presence.class, m -> true, Duration.ofMillis(500));
        assertFalse(a.enrpPeers().contains(0x96), "--max-enrp-peers 3: " + a.enrpPeers());
        assertTrue(a.enrpPeers().contains(B));
        tooMany.send(update(0x96, UpdateAction.ADD_PE, pe(0x9601, 0x96, 30_000, "127.0.0.1")));
        Thread.sleep(300);
        assertEquals(HONEST, view(b));
        assertFalse(view(a).contains("00009601@00000096"));
    }
}
