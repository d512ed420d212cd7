package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.raypool.transport.Association;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.CommLost;
import org.raypool.transport.Transport;
import org.raypool.transport.TransportOptions;
import org.raypool.transport.Transports;
import org.raypool.transport.tls.CertificateAuthority;
import org.raypool.transport.tls.Credentials;
import org.raypool.transport.tls.Role;
import org.raypool.transport.tls.TlsPolicy;
import org.raypool.wire.Protocol;
import org.raypool.wire.param.PoolElement;

/**
 * The authenticated farm's registrar failover as processes (docs/security.md; docs/protocol/registrar-behaviour.md
 * §3.6, §5.6): two registrars peered over ENRP with TLS, a worker with credentials registered at the first. The
 * second learns the worker over ENRP (both handlespaces agree); a user's or a worker's certificate cannot speak ENRP
 * to either. The first is killed with SIGKILL; the second takes the worker over with an H-bit Endpoint Keep-Alive
 * over TLS to the worker's ASAP port (the registrar requires the WORKER role, the worker accepts only REGISTRAR), the
 * worker re-registers there, and a user renders through the second with the real POV-Ray.
 */
class AuthenticatedTakeoverIT {
    private static final int R1 = 0xa1, R2 = 0xb2, WORKER = 0x7a4e0002;
    /** As RegistrarTakeoverLongIT's: a takeover about 5 s after the kill. */
    private static final String[] PEER_TIMERS = {"--peer-heartbeat-cycle", "500", "--peer-max-time-last-heard", "2500",
            "--peer-max-time-no-response", "2500", "--takeover-expiry-interval", "3000"};

    @TempDir
    Path tmp;

    private Processes processes;

    @AfterEach
    void stop() throws Exception {
        if (processes != null) processes.closeKeepingLogs(Path.of("target", "authenticated-takeover-logs"));
    }

    private Path issue(CertificateAuthority ca, Role role, String name) throws Exception {
        Path dir = tmp.resolve("credentials").resolve(name);
        ca.write(ca.issue(role, name, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1))), dir);
        return dir;
    }

    private String[] registrar(CertificateAuthority ca, int id, Optional<Integer> peerEnrp) throws Exception {
        List<String> a = new ArrayList<>(List.of("--id", "0x" + Integer.toHexString(id), "--enrp", "127.0.0.1:0",
                "--enrp-announce", "off", "--credentials", issue(ca, Role.REGISTRAR, "registrar-" + id).toString()));
        peerEnrp.ifPresent(p -> a.addAll(List.of("--peer", "127.0.0.1:" + p)));
        a.addAll(List.of(PEER_TIMERS));
        return a.toArray(String[]::new);
    }

    @Test
    void theSecondRegistrarTakesTheWorkerOverOverTlsAndAUserRendersThroughIt() throws Exception {
        assertTrue(Processes.jarExists("farm-worker") && Processes.jarExists("farm-registrar"),
                "these tests run bin/farm-*: build the jars first (mvn -B -q package -DskipTests)");
        long testStart = System.nanoTime();
        CertificateAuthority ca = CertificateAuthority.create("itfarm", Instant.now(), Duration.ofDays(2));
        Path alice = issue(ca, Role.USER, "alice");
        processes = new Processes(Files.createDirectories(tmp.resolve("logs")));
        Processes.Started first = processes.registrar(0, registrar(ca, R1, Optional.empty()));
        int firstEnrp = first.ready().port("enrp");
        Processes.Started second = processes.registrar(0, registrar(ca, R2, Optional.of(firstEnrp)));
        int firstAsap = first.ready().port("asap");
        int secondAsap = second.ready().port("asap");
        int secondEnrp = second.ready().port("enrp");
        Processes.Started worker = processes.service("farm-worker", "--registrar", "127.0.0.1:" + firstAsap,
                "--transport", "tcp", "--max-sessions", "1", "--id", "0x" + Integer.toHexString(WORKER),
                "--credentials", issue(ca, Role.WORKER, "pc1").toString());
        worker.awaitReady();

        Credentials user = Credentials.load(alice);
        Transport asTheUser = Transports.forName("tcp", TransportOptions.DEFAULTS, null,
                TlsPolicy.connectingTo(user, Role.REGISTRAR));
        try (HandleResolver atFirst = resolver(asTheUser, firstAsap);
             HandleResolver atSecond = resolver(asTheUser, secondAsap)) {
            // ENRP over TLS: the second learns the worker from the first, and both say the same
            Await.until("the worker in the second registrar's handlespace, home 0xa1", Duration.ofSeconds(20),
                    () -> homes(atSecond).getOrDefault(WORKER, 0), h -> h == R1);
            assertEquals(homes(atFirst), homes(atSecond), "both handlespaces agree");

            // a user's or a worker's certificate is refused by the TLS handshake of either ENRP port
            for (Role role : List.of(Role.USER, Role.WORKER)) {
                Credentials intruder = Credentials.load(issue(ca, role, "enrp-" + role.name().toLowerCase(Locale.ROOT)));
                Transport enrp = Transports.forName("tcp", TransportOptions.DEFAULTS, null,
                        TlsPolicy.connectingTo(intruder, Role.REGISTRAR));
                for (int port : List.of(firstEnrp, secondEnrp)) {
                    assertTrue(refused(enrp, port), role + " certificate speaking ENRP to port " + port);
                }
            }
            Await.until("both registrars logged the refused ENRP handshakes", Duration.ofSeconds(10),
                    () -> log(first).contains("tls refused the ENRP connection")
                            && log(second).contains("tls refused the ENRP connection"));

            Processes.kill9(first.process());
            long killed = System.nanoTime();
            Await.until("the worker re-registered at the second registrar", Duration.ofSeconds(30),
                    () -> log(second).contains("PE 0x" + Integer.toHexString(WORKER) + " re-registered")
                            && homes(atSecond).getOrDefault(WORKER, 0) == R2);
            long movedMillis = (System.nanoTime() - killed) / 1_000_000;
            Await.until("the worker's log shows the move", Duration.ofSeconds(10),
                    () -> log(worker).contains("registrar 0x000000b2 took us over"));
            assertTrue(!log(worker).contains("tls refused"), "the worker refused a connection: " + log(worker));

            Path output = tmp.resolve("output");
            long renderStart = System.nanoTime();
            Farm.Run run = Farm.submit("--registrar", "127.0.0.1:" + secondAsap, "--transport", "tcp",
                    "--credentials", alice.toString(), "--size", "64x48", "--output", output.toString(),
                    "--retry-delay", "500", "--json", Images.examples().resolve("quickstart.pov").toString());
            double renderSeconds = (System.nanoTime() - renderStart) / 1e9;
            assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
            Images.assertSamePixels(Images.renderLocally(Images.examples().resolve("quickstart.pov"), 64, 48,
                    "+A0.3", tmp), output.resolve("quickstart-64-48.png"));
            assertTrue(log(worker).contains("user 'alice'"), "the worker logged the session's user: " + log(worker));
            System.out.printf(Locale.ROOT, "AuthenticatedTakeoverIT: ENRP over TLS replicated the worker; USER and "
                    + "WORKER certificates refused on both ENRP ports; first registrar killed, the worker "
                    + "re-registered at the second %d ms later; render through it %.1f s; test %.1f s%n",
                    movedMillis, renderSeconds, (System.nanoTime() - testStart) / 1e9);
        }
    }

    /**
     * Whether the TLS handshake with ENRP port {@code port} fails: at the connect, or (TLS 1.3: the server checks
     * the client's certificate after the client is done) by the connection's loss before any message.
     */
    private static boolean refused(Transport transport, int port) throws Exception {
        CompletableFuture<CommLost> lost = new CompletableFuture<>();
        AtomicBoolean heard = new AtomicBoolean();
        Association a;
        try {
            a = transport.connect(List.of(new InetSocketAddress("127.0.0.1", port)), Set.of(Protocol.ENRP),
                    new AssociationListener() {
                        @Override
                        public void onMessage(Association association, Protocol protocol, ByteBuffer message) {
                            heard.set(true);
                        }

                        @Override
                        public void onCommLost(Association association, CommLost reason) {
                            lost.complete(reason);
                        }
                    }, Duration.ofSeconds(10));
        } catch (IOException e) {
            return true;
        }
        try {
            lost.get(10, TimeUnit.SECONDS);
            return !heard.get();
        } catch (TimeoutException e) {
            return false;
        } finally {
            a.abort();
        }
    }

    private static HandleResolver resolver(Transport transport, int port) throws IOException {
        return new HandleResolver(AsapClientConfig.withRegistrars(List.of(List.of(
                new InetSocketAddress("127.0.0.1", port)))), transport, Duration.ZERO);
    }

    /** Pool element identifier to home registrar, as {@code resolver}'s registrar answers; empty if none. */
    private static Map<Integer, Integer> homes(HandleResolver resolver) throws Exception {
        Map<Integer, Integer> homes = new TreeMap<>();
        try {
            for (PoolElement pe : resolver.resolve(Farm.POOL, 16, Duration.ofSeconds(5))) {
                homes.put(pe.identifier(), pe.homeRegistrarIdentifier());
            }
        } catch (UnknownPoolException e) {
            // no worker at all
        }
        return homes;
    }

    private static String log(Processes.Started p) throws Exception {
        return p.out() + p.err();
    }
}
