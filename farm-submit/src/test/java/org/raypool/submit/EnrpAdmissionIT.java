package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.asap.AsapClientConfig;
import org.raypool.asap.HandleResolver;
import org.raypool.asap.UnknownPoolException;
import org.raypool.submit.testing.Farm;
import org.raypool.submit.testing.Images;
import org.raypool.submit.testing.Processes;
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

/**
 * Issue 15, ENRP in open mode: two bin/farm-registrar processes peered with {@code --peer}, a real worker at each, and a
 * scripted ENRP peer (the attacker) that re-enacts each ENRP attack of the issue against the first registrar
 * (docs/protocol/registrar-behaviour.md §5.9 "ENRP admission"). Each is refused: both handlespaces keep both workers
 * with their homes, and a batch through the first registrar renders pixel-identical images.
 */
class EnrpAdmissionIT {
    /** R2's identifier is lower than R1's: R1's TCP tie-break (§5.3) alone would keep a second association claiming R2. */
    private static final int R1 = 0xa1, R2 = 0x0b, W1 = 0x7a4e1501, W2 = 0x7a4e1502, EVIL = 0x99;
    private static final PoolHandle ATTACK_POOL = PoolHandle.fromString("AttackPool");
    private static final long CAP_MS = 60_000;

    @TempDir
    Path tmp;

    private Processes processes;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
        if (processes != null) processes.closeKeepingLogs(Path.of("target", "enrp-admission-logs"));
    }

    private static String[] registrar(int id, String... extra) {
        List<String> a = new ArrayList<>(List.of("--id", "0x" + Integer.toHexString(id), "--peer-heartbeat-cycle", "500",
                "--max-enrp-peers", "3", "--max-pes-per-peer", "2", "--max-registration-life", String.valueOf(CAP_MS)));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private HandleResolver resolver(int asapPort) throws Exception {
        HandleResolver r = new HandleResolver(AsapClientConfig.withRegistrars(List.of(List.of(
                new InetSocketAddress("127.0.0.1", asapPort)))), Transports.forName("tcp"), Duration.ZERO);
        open.add(r);
        return r;
    }

    /** PE identifier -> home of every PE of {@code pool} the registrar hands out. */
    private static TreeMap<Integer, Integer> homes(HandleResolver r, PoolHandle pool) throws Exception {
        TreeMap<Integer, Integer> m = new TreeMap<>();
        try {
            for (int i = 0; i < 4; i++) {
                for (PoolElement pe : r.resolve(pool, 16, Duration.ofSeconds(5))) {
                    m.put(pe.identifier(), pe.homeRegistrarIdentifier());
                }
            }
        } catch (UnknownPoolException e) {
            // empty pool
        }
        return m;
    }

    private static PoolElement pe(int id, int home, long life, String address) throws Exception {
        return FakeEnrpPeer.poolElement(id, home, life, address);
    }

    private static HandleUpdate update(int sender, UpdateAction action, PoolElement pe) {
        return new HandleUpdate(sender, R1, false, action, Farm.POOL, pe);
    }

    private FakeEnrpPeer attacker(int id, int enrpPort) throws Exception {
        FakeEnrpPeer p = new FakeEnrpPeer(id, new InetSocketAddress("127.0.0.1", enrpPort));
        open.add(p);
        return p;
    }

    @Test
    void everyEnrpAttackIsRefusedAndTheWorkersStayAndRender() throws Exception {
        assumeTrue(Processes.jarExists("farm-worker") && Processes.jarExists("farm-registrar")
                        && Processes.jarExists("farm-submit"),
                "the launchers' jars are missing: build them with mvn -B -q package -DskipTests");
        processes = new Processes(Files.createDirectories(tmp.resolve("logs")));
        Processes.Started first = processes.registrar(0, registrar(R1));
        int enrp1 = first.ready().port("enrp");
        Processes.Started second = processes.registrar(0, registrar(R2, "--peer", "127.0.0.1:" + enrp1));
        int asap1 = first.ready().port("asap");
        int asap2 = second.ready().port("asap");
        for (int[] w : new int[][] {{W1, asap1}, {W2, asap2}}) {
            processes.service("farm-worker", "--registrar", "127.0.0.1:" + w[1], "--transport", "tcp",
                    "--max-sessions", "1", "--id", "0x" + Integer.toHexString(w[0])).awaitReady();
        }
        HandleResolver at1 = resolver(asap1);
        HandleResolver at2 = resolver(asap2);
        TreeMap<Integer, Integer> honest = new TreeMap<>(java.util.Map.of(W1, R1, W2, R2));
        Await.until("both registrars hand out both workers with their homes", Duration.ofSeconds(60),
                () -> homes(at1, Farm.POOL).equals(honest) && homes(at2, Farm.POOL).equals(honest));

        // 1. Another association claims the live R2, then our own identifier.
        FakeEnrpPeer asR2 = attacker(R2, enrp1);
        asR2.send(asR2.presence(R1, true));
        asR2.send(update(R2, UpdateAction.DELETE_PE, pe(W2, R2, 30_000, "127.0.0.1")));
        asR2.send(update(R2, UpdateAction.ADD_PE, pe(W2, R2, 30_000, "127.0.0.66")));
        asR2.expectNo(Presence.class, m -> true, Duration.ofMillis(500));
        FakeEnrpPeer asR1 = attacker(R1, enrp1);
        asR1.send(update(R1, UpdateAction.DELETE_PE, pe(W1, R1, 30_000, "127.0.0.1")));

        // 2. A stranger's Handle Updates without a Presence.
        FakeEnrpPeer stranger = attacker(0x98, enrp1);
        stranger.send(update(0x98, UpdateAction.DELETE_PE, pe(W1, R1, 30_000, "127.0.0.1")));
        stranger.send(update(0x98, UpdateAction.ADD_PE, pe(0x9801, 0x98, 30_000, "127.0.0.66")));

        // 3. A registrar that introduces itself (open mode lets it) deletes, re-homes and injects.
        FakeEnrpPeer evil = attacker(EVIL, enrp1);
        evil.send(evil.presence(R1, true));
        evil.expect(Presence.class);
        for (int w : new int[] {W1, W2}) {
            evil.send(update(EVIL, UpdateAction.DELETE_PE, pe(w, w == W1 ? R1 : R2, 30_000, "127.0.0.1")));
            evil.send(update(EVIL, UpdateAction.DELETE_PE, pe(w, EVIL, 30_000, "127.0.0.1")));
            evil.send(update(EVIL, UpdateAction.ADD_PE, pe(w, EVIL, 30_000, "127.0.0.66")));
        }
        evil.send(update(EVIL, UpdateAction.ADD_PE, pe(0x9901, R2, 30_000, "127.0.0.66")));
        evil.send(update(EVIL, UpdateAction.ADD_PE, pe(0x9902, EVIL, 30_000, "239.0.0.50")));
        evil.send(new HandleTableResponse(EVIL, R1, false, false, List.of(new PoolEntry(Farm.POOL,
                pe(W1, EVIL, 30_000, "127.0.0.66")))));
        evil.send(new HandleUpdate(EVIL, R1, false, UpdateAction.ADD_PE, ATTACK_POOL,
                pe(0x9903, EVIL, 0xFFFF_FFFFL, "127.0.0.66")));

        // 4. A takeover of the live R2.
        evil.send(new InitTakeover(EVIL, R1, R2));
        evil.expectNo(InitTakeoverAck.class, m -> true, Duration.ofMillis(500));
        evil.send(new TakeoverServer(EVIL, R1, R2));

        // 5. Peers without limit (--max-enrp-peers 3: R2, EVIL, 0x97).
        FakeEnrpPeer third = attacker(0x97, enrp1);
        third.send(third.presence(R1, true));
        third.expect(Presence.class);
        FakeEnrpPeer fourth = attacker(0x96, enrp1);
        fourth.send(fourth.presence(R1, true));
        fourth.expectNo(Presence.class, m -> true, Duration.ofMillis(500));

        // A round trip through R1's loop, then R2's view settles (Handle Updates R1 would pass on are none).
        evil.clear();
        evil.send(evil.presence(R1, true));
        evil.expect(Presence.class);
        Thread.sleep(1000);
        assertEquals(honest, homes(at1, Farm.POOL), "R1 hands out both workers with their homes");
        assertEquals(honest, homes(at2, Farm.POOL), "R2 hands out both workers with their homes");
        for (PoolElement pe : at1.resolve(Farm.POOL, 16, Duration.ofSeconds(5))) {
            assertEquals("127.0.0.1", pe.userTransport().addresses().get(0).getHostAddress(), "worker address " + pe);
        }
        List<PoolElement> injected = at1.resolve(ATTACK_POOL, 16, Duration.ofSeconds(5));
        assertEquals(1, injected.size(), injected.toString());
        assertEquals(CAP_MS, injected.get(0).registrationLife(), "Registration Life 2^32-1 cut to the cap");

        String log1 = first.out() + first.err();
        long refusals = log1.lines().filter(l -> l.contains(" refused: ")).count();
        assertTrue(refusals >= 5, "one WARN per attacking association (5): " + log1);
        assertFalse(log1.contains("took over"), log1);

        Path output = tmp.resolve("output");
        long start = System.nanoTime();
        Farm.Run run = Farm.submit("--registrar", "127.0.0.1:" + asap1, "--transport", "tcp", "--size", "64x48",
                "--output", output.toString(), "--retry-delay", "500", "--parallel", "2", "--json",
                Images.examples().resolve("quickstart.pov").toString(), Images.examples().resolve("skyline.pov").toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        for (String scene : List.of("quickstart", "skyline")) {
            Images.assertSamePixels(Images.renderLocally(Images.examples().resolve(scene + ".pov"), 64, 48, "+A0.3",
                    tmp), output.resolve(scene + "-64-48.png"));
        }
        assertEquals(honest, homes(at2, Farm.POOL), "R2 after the batch");
        System.out.printf(Locale.ROOT, "EnrpAdmissionIT: %d refusals logged by R1 (one per attacking association and "
                + "rule); both workers in both handlespaces; batch of 2 through R1 in %.1f s%n", refusals, seconds);
        log1.lines().filter(l -> l.contains(" refused: ")).forEach(l -> System.out.println("  R1: " + l));
    }
}
