package org.raypool.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raypool.asap.AsapClientConfig;
import org.raypool.asap.HandleResolver;
import org.raypool.asap.PoolElementRegistration;
import org.raypool.registrar.enrp.HandlespaceDump;
import org.raypool.testing.Await;
import org.raypool.testing.Programs;
import org.raypool.transport.Transport;
import org.raypool.transport.Transports;
import org.raypool.wire.enrp.PoolEntry;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

/**
 * Three bin/farm-registrar processes peered by ENRP over TCP on loopback, pool elements of the ASAP client
 * library, kill -9 of one registrar, its restart, and {@code farm-registrar dump} to read every handlespace.
 */
class RegistrarPoolProcessIT {
    private static final PoolHandle POOL = PoolHandle.fromString("ScriptingPool");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern ROW = Pattern.compile("^ScriptingPool\\s+\\S+\\s+0x([0-9a-f]{8})\\s+\\S+\\s+\\S+\\s+0x([0-9a-f]{8})$",
            Pattern.MULTILINE);
    private static final Pattern TOOK_OVER = Pattern.compile("took over 2 PEs of 0x000000a1: \\d+ ms after it was "
            + "last heard, \\d+ ms after the takeover started");
    private final Transport tcp = Transports.forName("tcp");
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    /** A registrar of the test: its identifier, and the ports its first start bound (0 before it), kept on a restart. */
    private static final class Node {
        final int id;
        int asapPort;
        int enrpPort;

        Node(int id) {
            this.id = id;
        }

        InetSocketAddress asap() {
            return new InetSocketAddress("127.0.0.1", asapPort);
        }
    }

    private Programs.Running start(Node n, Node... peers) throws Exception {
        return start(true, n, peers);
    }

    /**
     * Starts {@code n} (on ports of the system's choice the first time, the same ones again on a restart) and waits
     * until it is ready.
     *
     * @param shortTimers heartbeat 300 ms, last heard and no response 600 ms; else RSPLIB's defaults
     */
    private Programs.Running start(boolean shortTimers, Node n, Node... peers) throws Exception {
        List<String> args = new ArrayList<>(List.of("--transport", "tcp", "--id", "0x" + Integer.toHexString(n.id),
                "--asap", "127.0.0.1:" + n.asapPort, "--asap-announce", "off", "--min-address-scope", "loopback",
                "--enrp", "127.0.0.1:" + n.enrpPort, "--enrp-announce", "off"));
        if (shortTimers) {
            args.addAll(List.of("--peer-heartbeat-cycle", "300", "--peer-max-time-last-heard", "600",
                    "--peer-max-time-no-response", "600", "--mentor-discovery-timeout", "1000",
                    "--takeover-expiry-interval", "1000"));
        }
        for (Node p : peers) {
            args.add("--peer");
            args.add("127.0.0.1:" + p.enrpPort);
        }
        Programs.Running r = Programs.startReady("farm-registrar", args.toArray(String[]::new));
        open.add(r);
        n.asapPort = r.ready().port("asap");
        n.enrpPort = r.ready().port("enrp");
        return r;
    }

    /** "PE@home" of every PE the registrar knows, read in this JVM (fast enough to time convergence). */
    private TreeSet<String> view(Node n) throws Exception {
        TreeSet<String> rows = new TreeSet<>();
        for (PoolEntry e : HandlespaceDump.fetch(tcp, List.of(new InetSocketAddress("127.0.0.1", n.enrpPort)),
                WAIT).entries()) {
            rows.add(String.format("%08x@%08x", e.poolElement().identifier(), e.poolElement().homeRegistrarIdentifier()));
        }
        return rows;
    }

    /** The same through {@code farm-registrar dump}, parsing its table. */
    private static TreeSet<String> dump(Node n) throws Exception {
        Programs.Result r = Programs.run("farm-registrar", 30, "dump", "--transport", "tcp", "--registrar",
                "127.0.0.1:" + n.enrpPort);
        assertEquals(0, r.exitCode(), r.stderr());
        TreeSet<String> rows = new TreeSet<>();
        Matcher m = ROW.matcher(r.stdout());
        while (m.find()) rows.add(m.group(1) + "@" + m.group(2));
        return rows;
    }

    /** Waits (up to 60 s) until {@code condition} holds; returns how long that took in ms, for the printed figures. */
    private static long await(String what, Await.Condition condition) throws Exception {
        long start = System.nanoTime();
        Await.until(what, Duration.ofSeconds(60), condition);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private PoolElementRegistration poolElement(int id, Node... at) throws Exception {
        List<List<InetSocketAddress>> registrars = new ArrayList<>();
        for (Node n : at) registrars.add(List.of(n.asap()));
        PoolElementRegistration pe = new PoolElementRegistration(AsapClientConfig.withRegistrars(registrars)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)), tcp, POOL, id,
                local -> new TcpTransport(42000 + id, TransportUse.DATA_PLUS_CONTROL, local.get(0).getAddress()),
                PoolMemberSelectionPolicy.leastUsed(0), Duration.ofSeconds(30));
        open.add(pe);
        pe.register(WAIT);
        return pe;
    }

    @Test
    void threeRegistrarProcessesConvergeSurviveAKillAndResynchroniseARestart() throws Exception {
        Node a = new Node(0xa1);
        Node b = new Node(0xb2);
        Node c = new Node(0xc3);
        Programs.Running ra = start(a);
        Programs.Running rb = start(b, a);
        Programs.Running rc = start(c, a, b);
        poolElement(0x11, a);
        poolElement(0x12, a);
        poolElement(0x21, b);
        poolElement(0x31, c);
        TreeSet<String> expected = new TreeSet<>(List.of("00000011@000000a1", "00000012@000000a1",
                "00000021@000000b2", "00000031@000000c3"));
        long converged = await("a, b and c hold the same 4 PEs",
                () -> view(a).equals(expected) && view(b).equals(expected) && view(c).equals(expected));
        System.out.printf("three registrar processes converged within %d ms of the last registration%n", converged);
        assertEquals(expected, dump(a));
        assertEquals(expected, dump(c));

        ra.kill();
        long takenOver = await("b and c agree on a new home for a's PEs", () -> {
            TreeSet<String> atB = view(b);
            return atB.size() == 4 && atB.equals(view(c)) && atB.stream().noneMatch(s -> s.endsWith("@000000a1"));
        });
        Matcher took = TOOK_OVER.matcher(rb.log() + rc.log());
        assertTrue(took.find(), "a survivor logs the takeover");
        System.out.printf("kill -9 of registrar 0xa1: its 2 PEs taken over %d ms later; the taker logged '%s' (last "
                + "heard 600 ms, no response 600 ms, heartbeat 300 ms)%n", takenOver, took.group());
        assertEquals(dump(b), dump(c));
        HandleResolver pu = new HandleResolver(AsapClientConfig.withRegistrars(List.of(List.of(c.asap())))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)), tcp, Duration.ZERO);
        open.add(pu);
        TreeSet<Integer> seen = new TreeSet<>();
        for (int i = 0; i < 8; i++) {
            for (PoolElement pe : pu.resolve(POOL, 4, WAIT)) seen.add(pe.identifier());
        }
        assertEquals(new TreeSet<>(List.of(0x11, 0x12, 0x21, 0x31)), seen, "a's PEs stay resolvable at c");

        start(a, b, c);
        long resynced = await("the restarted registrar has the same handlespace", () -> {
            TreeSet<String> atA = view(a);
            return atA.size() == 4 && atA.equals(view(b)) && atA.equals(view(c));
        });
        System.out.printf("restarted registrar 0xa1 resynchronised %d ms after it was ready%n", resynced);
    }

    @Test
    void withRspLibsDefaultTimersAKilledRegistrarsPoolElementIsTakenOverWithinTheirSum() throws Exception {
        Node a = new Node(0xa1);
        Node b = new Node(0xb2);
        Programs.Running ra = start(false, a);
        Programs.Running rb = start(false, b, a);
        poolElement(0x11, a);
        await("b knows a's PE", () -> view(b).contains("00000011@000000a1"));
        ra.kill();
        long takenOver = await("b takes a's PE over", () -> view(b).contains("00000011@000000b2"));
        Matcher took = Pattern.compile("took over 1 PEs of 0x000000a1: \\d+ ms after it was last heard").matcher(rb.log());
        assertTrue(took.find(), rb.log());
        System.out.printf("RSPLIB default timers (heartbeat 2444, last heard 5000, no response 5000 ms): kill -9 to "
                + "takeover %d ms; the taker logged '%s'%n", takenOver, took.group());
    }
}
