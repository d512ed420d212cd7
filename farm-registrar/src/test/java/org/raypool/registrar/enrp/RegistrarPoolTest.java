package org.raypool.registrar.enrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raypool.asap.AsapClientConfig;
import org.raypool.asap.HandleResolver;
import org.raypool.asap.PoolElementRegistration;
import org.raypool.registrar.Registrar;
import org.raypool.registrar.TestRegistrars;
import org.raypool.registrar.handlespace.Pool;
import org.raypool.registrar.handlespace.PoolElementEntry;
import org.raypool.testing.Await;
import org.raypool.transport.Transport;
import org.raypool.transport.Transports;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

/**
 * Three (and four) real registrars on loopback over TCP, peered by ENRP with static {@code --peer} lists and
 * short timers, with pool elements and pool users of the ASAP client library.
 */
class RegistrarPoolTest {
    private static final PoolHandle POOL = PoolHandle.fromString("ScriptingPool");
    private static final long UNIT_MS = 400;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final Transport tcp = Transports.forName("tcp");
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<Registrar> registrars = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
        registrars.forEach(Registrar::close);
    }

    private Registrar registrar(int id, Registrar... peers) throws Exception {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (Registrar p : peers) addresses.add(TestRegistrars.enrpAddress(p));
        Registrar r = Registrar.start(TestRegistrars.enrpConfig(id, UNIT_MS, addresses));
        registrars.add(r);
        return r;
    }

    private static AsapClientConfig clientOf(Registrar... rs) {
        return TestRegistrars.clientOf(rs);
    }

    private PoolElementRegistration poolElement(int id, Registrar... at) throws Exception {
        PoolElementRegistration pe = new PoolElementRegistration(clientOf(at), tcp, POOL, id,
                local -> new TcpTransport(40000 + id, TransportUse.DATA_PLUS_CONTROL, local.get(0).getAddress()),
                PoolMemberSelectionPolicy.roundRobin(), Duration.ofSeconds(30));
        open.add(pe);
        pe.register(WAIT);
        return pe;
    }

    /** "pool/PE@home" of every PE. */
    private static TreeSet<String> view(Registrar r) {
        return r.inspect(hs -> {
            TreeSet<String> set = new TreeSet<>();
            for (Pool pool : hs.pools()) {
                for (PoolElementEntry e : pool.entries()) {
                    set.add(String.format("%s/%08x@%08x", e.poolHandle(), e.identifier(), e.homeRegistrarId()));
                }
            }
            return set;
        });
    }

    /** Owner -> ownership checksum as this registrar computes it. */
    private static Map<Integer, Integer> checksums(Registrar r, List<Integer> owners) {
        return r.inspect(hs -> {
            Map<Integer, Integer> m = new TreeMap<>();
            for (int o : owners) m.put(o, hs.checksum(o));
            return m;
        });
    }

    /** Waits (up to 30 s) until {@code condition} holds; returns how long that took in ms, for the printed figures. */
    private static long await(String what, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        Await.until(what, condition::getAsBoolean);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static boolean sameViews(int size, Registrar... rs) {
        TreeSet<String> first = view(rs[0]);
        if (first.size() != size) return false;
        for (Registrar r : rs) {
            if (!view(r).equals(first)) return false;
        }
        return true;
    }

    private static List<Integer> homes(Registrar r, int peId) {
        return r.inspect(hs -> hs.lookup(POOL, peId).map(e -> List.of(e.homeRegistrarId())).orElse(List.of()));
    }

    @Test
    void statusSnapshotListsThePeersWithTheirEnrpAddresses() throws Exception {
        Registrar a = registrar(0xa1);
        Registrar b = registrar(0xb2, a);
        await("a hears b", () -> a.status().snapshot().peers().size() == 1);
        var peer = a.status().snapshot().peers().get(0);
        assertEquals("0x000000b2", peer.id());
        assertEquals("127.0.0.1:" + b.enrpEndpoint().port(), peer.address());
        assertTrue(peer.lastHeardMs() >= 0 && peer.lastHeardMs() < 30_000, "last heard " + peer.lastHeardMs() + " ms ago");
        assertEquals("0[0] PEs in 0 Pools, 1 Peer", a.status().snapshot().cspText());
    }

    @Test
    void handlespacesConvergeAfterRegistrationsAtDifferentRegistrars() throws Exception {
        Registrar a = registrar(0xa1);
        Registrar b = registrar(0xb2, a);
        Registrar c = registrar(0xc3, a, b);
        poolElement(0x11, a);
        PoolElementRegistration leaving = poolElement(0x12, a);
        poolElement(0x21, b);
        poolElement(0x31, c);
        poolElement(0x32, c);
        long ms = await("the three handlespaces hold the same 5 PEs", () -> sameViews(5, a, b, c));
        System.out.printf("handlespaces converged %d ms after the last registration%n", ms);
        List<Integer> owners = List.of(0xa1, 0xb2, 0xc3);
        Map<Integer, Integer> sums = checksums(a, owners);
        assertEquals(sums, checksums(b, owners));
        assertEquals(sums, checksums(c, owners));
        assertNotEquals(0xFFFF, sums.get(0xb2), "b owns a PE");
        assertTrue(view(a).contains("ScriptingPool/00000021@000000b2"), view(a).toString());

        HandleResolver atB = new HandleResolver(clientOf(b), tcp, Duration.ZERO);
        open.add(atB);
        TreeSet<Integer> seen = new TreeSet<>();
        for (int i = 0; i < 10; i++) {
            for (PoolElement pe : atB.resolve(POOL, 5, WAIT)) seen.add(pe.identifier());
        }
        assertEquals(new TreeSet<>(List.of(0x11, 0x12, 0x21, 0x31, 0x32)), seen, "b hands out every PE");

        open.remove(leaving);
        leaving.close();
        await("the deregistration reaches b and c", () -> sameViews(4, a, b, c));
    }

    @Test
    void aDeadRegistrarsPoolElementsStayResolvableAndAreTakenOver() throws Exception {
        Registrar a = registrar(0xa1);
        Registrar b = registrar(0xb2, a);
        Registrar c = registrar(0xc3, a, b);
        PoolElementRegistration only = poolElement(0x11, a); // knows only a: it is taken over
        poolElement(0x12, a, b, c);     // re-registers with a survivor
        poolElement(0x21, b);
        await("all PEs everywhere", () -> sameViews(3, a, b, c));
        await("peers know each other", () -> peersOf(b) == 2 && peersOf(c) == 2
                && peersOf(a) == 2);

        a.close();
        long takenOver = await("b and c agree on a new home for a's PE 0x11", () -> {
            List<Integer> atB = homes(b, 0x11);
            List<Integer> atC = homes(c, 0x11);
            return atB.size() == 1 && atB.equals(atC) && atB.get(0) != 0xa1;
        });
        long reRegistered = await("PE 0x12 re-homed", () -> {
            List<Integer> h = homes(b, 0x12);
            return h.size() == 1 && h.get(0) != 0xa1 && h.equals(homes(c, 0x12));
        });
        System.out.printf("registrar 0xa1 closed: its PE 0x11 taken over by 0x%x %d ms later (timers: last heard %d, "
                + "no response %d ms); PE 0x12 had re-registered with a survivor by then (+%d ms)%n",
                homes(b, 0x11).get(0), takenOver, UNIT_MS, UNIT_MS, reRegistered);
        assertTrue(List.of(0xb2, 0xc3).contains(homes(b, 0x11).get(0)));
        int newHome = homes(b, 0x11).get(0);
        Registrar taker = newHome == 0xb2 ? b : c;
        // [PROJECT] over TCP too the H-bit Keep-Alive reaches the PE at the ASAP transport it registered from
        // (docs/protocol/registrar-behaviour.md §3.6, §6.3): the new home holds an association to it, and the PE
        // took the sender as its home
        await("the new home has an association to PE 0x11", () -> taker.inspect(hs -> hs.lookup(POOL, 0x11)
                .map(e -> e.connection() != null).orElse(false)));
        await("PE 0x11 calls 0x" + Integer.toHexString(newHome) + " its home", () -> only.registrar()
                .map(r -> r.registrarIdentifier() == newHome).orElse(false));

        HandleResolver atC = new HandleResolver(clientOf(c), tcp, Duration.ZERO);
        open.add(atC);
        TreeSet<Integer> seen = new TreeSet<>();
        for (int i = 0; i < 6; i++) {
            for (PoolElement pe : atC.resolve(POOL, 3, WAIT)) seen.add(pe.identifier());
        }
        assertEquals(new TreeSet<>(List.of(0x11, 0x12, 0x21)), seen, "a's PEs stay resolvable at c");
        List<Integer> owners = List.of(0xa1, 0xb2, 0xc3);
        await("checksums agree after the takeover", () -> checksums(b, owners).equals(checksums(c, owners)));
        assertEquals(0xFFFF, (int) checksums(b, owners).get(0xa1), "nothing is left owned by the dead registrar");

        Registrar restarted = registrar(0xa1, b, c);
        long ms = await("the restarted registrar resynchronises", () -> sameViews(3, b, c, restarted));
        System.out.printf("restarted registrar 0xa1 had the whole handlespace %d ms after its start%n", ms);
    }

    private static int peersOf(Registrar r) {
        return r.enrpPeers().size();
    }

    @Test
    void aRegistrarStartedLaterLearnsEverythingFromOnePeer() throws Exception {
        Registrar a = registrar(0xa1);
        Registrar b = registrar(0xb2, a);
        Registrar c = registrar(0xc3, a, b);
        for (int i = 0; i < 40; i++) poolElement(0x100 + i, i % 3 == 0 ? a : i % 3 == 1 ? b : c);
        await("40 PEs everywhere", () -> sameViews(40, a, b, c));
        Registrar d = registrar(0xd4, c);
        long ms = await("the late registrar has all 40 PEs", () -> sameViews(40, a, b, c, d));
        System.out.printf("late registrar learned 40 PEs in %d ms%n", ms);
        await("the late registrar knows every peer through the List Response", () -> peersOf(d) == 3);
        await("and every peer knows it", () -> peersOf(a) == 3 && peersOf(b) == 3);
    }
}
