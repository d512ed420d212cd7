package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.asap.AsapClientConfig;
import org.raypool.asap.HandleResolver;
import org.raypool.submit.testing.Farm;
import org.raypool.submit.testing.Images;
import org.raypool.submit.testing.Jobs;
import org.raypool.submit.testing.Processes;
import org.raypool.submit.testing.ScriptedWorker;
import org.raypool.testing.AsapPeer;
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
import org.raypool.wire.asap.AsapCodec;
import org.raypool.wire.asap.Deregistration;
import org.raypool.wire.asap.DeregistrationResponse;
import org.raypool.wire.asap.EndpointUnreachable;
import org.raypool.wire.asap.HandleResolution;
import org.raypool.wire.asap.HandleResolutionResponse;
import org.raypool.wire.asap.Registration;
import org.raypool.wire.asap.RegistrationResponse;
import org.raypool.wire.enrp.EnrpCodec;
import org.raypool.wire.enrp.HandleUpdate;
import org.raypool.wire.enrp.UpdateAction;
import org.raypool.wire.param.ErrorCause;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolMemberSelectionPolicy;
import org.raypool.wire.param.TcpTransport;
import org.raypool.wire.param.TransportUse;

/**
 * Issue 15's attacks in the authenticated farm (docs/security.md), the counterpart of RegistrarGuardIT,
 * AuthenticatedFarmIT and HostileWorkerIT in open mode: bin/farm-registrar and two bin/farm-workers with
 * credentials, the real POV-Ray. A student holding a valid user certificate (mallory) registers a PE, deregisters a
 * worker's PE, registers its identifier again and reports it unreachable 100 times over ASAP, and speaks ENRP to
 * the registrar; a client without a certificate and one with a certificate of another CA try ASAP and ENRP. Then a
 * PE whose SSP server presents mallory's user certificate is put into the pool, and a user submits a batch. Each
 * attack is refused (the RFC 5351 cause 0x000a, or at the handshake), both workers stay registered as they were, no
 * SSP session reaches the impostor, and every image equals a local POV-Ray render.
 */
class AuthenticatedAttacksIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The impostor's PE identifier: a value farm-submit's log shows as {@code 0x0bad5e55}. */
    private static final int IMPOSTOR = 0x0bad5e55;
    private static final List<String> SCENES = List.of("quickstart", "skyline", "tiled-crates");

    @TempDir
    Path tmp;

    private Processes processes;
    private ScriptedWorker impostor;

    @AfterEach
    void stop() {
        if (impostor != null) impostor.close();
        if (processes != null) processes.close();
    }

    private Path write(CertificateAuthority ca, CertificateAuthority.Issued issued, String name) throws IOException {
        Path dir = tmp.resolve("credentials").resolve(name);
        ca.write(issued, dir);
        return dir;
    }

    private static CertificateAuthority.Issued issue(CertificateAuthority ca, Role role, String name) {
        return ca.issue(role, name, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)));
    }

    /** A TLS transport presenting {@code own} that connects only to a server of role {@code server}. */
    private static Transport tls(CertificateAuthority ca, CertificateAuthority.Issued own, Role server) {
        return Transports.forName("tcp", TransportOptions.DEFAULTS, null,
                TlsPolicy.connectingTo(ca.credentials(own), server));
    }

    /**
     * A TLS transport presenting a certificate of {@code other} with {@code role} and {@code name}, that trusts the
     * farm's CA: what a student makes with a CA of their own.
     */
    private static Transport foreign(CertificateAuthority farm, CertificateAuthority other, Role role, String name)
            throws Exception {
        CertificateAuthority.Issued own = issue(other, role, name);
        return Transports.forName("tcp", TransportOptions.DEFAULTS, null, TlsPolicy.connectingTo(
                Credentials.of(farm.certificate(), own.certificate(), own.key()), Role.REGISTRAR));
    }

    private static List<PoolElement> resolve(int port, Transport transport) throws Exception {
        AsapClientConfig asap = AsapClientConfig.withRegistrars(List.of(List.of(
                new InetSocketAddress("127.0.0.1", port))));
        try (HandleResolver resolver = new HandleResolver(asap, transport, Duration.ZERO)) {
            List<PoolElement> pes = new ArrayList<>(resolver.resolve(Farm.POOL, 16, WAIT));
            pes.sort(Comparator.comparingInt(PoolElement::identifier));
            return pes;
        }
    }

    private static PoolElement forged(int id, InetAddress address, PoolMemberSelectionPolicy policy) {
        return new PoolElement(id, 0, 30_000, new TcpTransport(6666, TransportUse.DATA_PLUS_CONTROL, address), policy);
    }

    /** Records what an attacker's association receives. */
    private static final class Recorder implements AssociationListener {
        final BlockingQueue<ByteBuffer> received = new LinkedBlockingQueue<>();
        final BlockingQueue<CommLost> lost = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(Association association, Protocol protocol, ByteBuffer message) {
            received.add(message);
        }

        @Override
        public void onCommLost(Association association, CommLost reason) {
            lost.add(reason);
        }
    }

    /**
     * Connects to {@code to} and sends {@code probe}; passes when the connection is refused: connect fails, or (TLS
     * 1.3: the client's handshake ends before the server has judged its certificate; a plain client's TCP connect
     * succeeds) the association is lost within {@link #WAIT} without a single message from the server.
     *
     * @return how it was refused, for the test's summary line
     */
    private static String refused(Transport transport, InetSocketAddress to, Protocol protocol, byte[] probe)
            throws Exception {
        Recorder recorder = new Recorder();
        Association association;
        try {
            association = transport.connect(List.of(to), protocol, recorder, WAIT);
        } catch (IOException e) {
            return "connect failed";
        }
        try {
            try {
                association.send(protocol, probe);
            } catch (IOException e) {
                // the server's alert or reset came first: refused as well
            }
            CommLost lost = recorder.lost.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(lost != null, "the " + protocol + " association to " + to + " was not refused");
            assertNull(recorder.received.poll(), "the server answered a refused peer");
            return "association lost";
        } finally {
            association.abort();
        }
    }

    @Test
    void aStudentsAttacksAndStrangersAreRefusedAndTheWorkersStillRender() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("itfarm", Instant.now(), Duration.ofDays(2));
        CertificateAuthority otherCa = CertificateAuthority.create("itfarm", Instant.now(), Duration.ofDays(2));
        CertificateAuthority.Issued mallory = issue(ca, Role.USER, "mallory");
        CertificateAuthority.Issued alice = issue(ca, Role.USER, "alice");
        processes = new Processes(Files.createDirectories(tmp.resolve("logs")));
        Processes.Started registrar = processes.registrar(0, "--credentials",
                write(ca, issue(ca, Role.REGISTRAR, "registrar"), "registrar").toString());
        int port = registrar.ready().port("asap");
        InetSocketAddress asapPort = new InetSocketAddress("127.0.0.1", port);
        InetSocketAddress enrpPort = new InetSocketAddress("127.0.0.1", registrar.ready().port("enrp"));
        List<Processes.Started> workers = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            workers.add(processes.service("farm-worker", "--registrar", "127.0.0.1:" + port, "--transport", "tcp",
                    "--max-sessions", "1", "--credentials",
                    write(ca, issue(ca, Role.WORKER, "pc" + i), "pc" + i).toString()));
        }
        for (Processes.Started w : workers) w.awaitReady();
        List<PoolElement> before = resolve(port, tls(ca, alice, Role.REGISTRAR));
        assertEquals(2, before.size(), before.toString());
        PoolElement victim = before.get(0);

        // a student's valid user certificate: the registrar admits the association, not what only a PE may send
        try (AsapPeer student = AsapPeer.connect(tls(ca, mallory, Role.REGISTRAR), asapPort)) {
            student.send(new Registration(Farm.POOL, forged(0x0bad0001, student.local(), victim.policy())));
            RegistrationResponse registered = assertInstanceOf(RegistrationResponse.class, student.next(WAIT));
            assertEquals(ErrorCause.REJECTED_SECURITY, registered.error().orElseThrow().firstCode());

            student.send(new Deregistration(Farm.POOL, victim.identifier()));
            DeregistrationResponse deregistered = assertInstanceOf(DeregistrationResponse.class, student.next(WAIT));
            assertEquals(ErrorCause.REJECTED_SECURITY, deregistered.error().orElseThrow().firstCode());

            student.send(new Registration(Farm.POOL, forged(victim.identifier(), student.local(), victim.policy())));
            RegistrationResponse overwrite = assertInstanceOf(RegistrationResponse.class, student.next(WAIT));
            assertEquals(ErrorCause.REJECTED_SECURITY, overwrite.error().orElseThrow().firstCode());

            for (int i = 0; i < 100; i++) student.send(new EndpointUnreachable(Farm.POOL, victim.identifier()));
            // a user may still resolve: the association stayed up, and the answer comes after the 100 reports
            student.send(HandleResolution.of(Farm.POOL));
            HandleResolutionResponse resolved = assertInstanceOf(HandleResolutionResponse.class, student.next(WAIT));
            assertTrue(resolved.error().isEmpty(), resolved.toString());
        }

        byte[] asapProbe = AsapCodec.INSTANCE.encode(new Deregistration(Farm.POOL, victim.identifier()));
        byte[] enrpProbe = EnrpCodec.INSTANCE.encode(new HandleUpdate(0x0bad0002, 0, false, UpdateAction.DELETE_PE,
                Farm.POOL, victim));
        List<String> refusals = new ArrayList<>();
        // ENRP is for registrars: a user's certificate fails the ENRP port's handshake
        refusals.add("ENRP with a user certificate: "
                + refused(tls(ca, mallory, Role.REGISTRAR), enrpPort, Protocol.ENRP, enrpProbe));
        // no certificate at all: a plain TCP client on either port
        refusals.add("ASAP without a certificate: "
                + refused(Transports.forName("tcp"), asapPort, Protocol.ASAP, asapProbe));
        refusals.add("ENRP without a certificate: "
                + refused(Transports.forName("tcp"), enrpPort, Protocol.ENRP, enrpProbe));
        // another CA's certificates with the farm's names and the right roles; the client trusts the farm CA (its
        // ca.crt is on every lab PC), so it is the registrar that judges the forged certificate
        refusals.add("ASAP with another CA's worker certificate: " + refused(foreign(ca, otherCa, Role.WORKER, "pc1"),
                asapPort, Protocol.ASAP, asapProbe));
        refusals.add("ENRP with another CA's registrar certificate: " + refused(
                foreign(ca, otherCa, Role.REGISTRAR, "registrar"), enrpPort, Protocol.ENRP, enrpProbe));

        // the registrar's side: one line per refusal (the handshake's is logged by its own thread, maybe later)
        Await.until("the registrar's log of 5 refused handshakes", WAIT,
                () -> count(registrar.err(), "tls refused the") == 5);
        String registrarLog = registrar.err();
        assertEquals(2, count(registrarLog, "Registration from"), registrarLog);
        assertEquals(1, count(registrarLog, "Deregistration from"), registrarLog);
        assertEquals(3, count(registrarLog, "tls refused the ENRP connection"), registrarLog);
        assertEquals(2, count(registrarLog, "not TLS"), registrarLog);
        assertEquals(1, count(registrarLog, "has role user, only registrar accepted"), registrarLog);
        // one client's reports count once however often it sends them (docs/protocol/registrar-behaviour.md §3.9)
        assertTrue(registrarLog.contains("reported unreachable (1 of 3 reports)"), registrarLog);
        assertTrue(!registrarLog.contains("reported unreachable (2 of 3"), registrarLog);

        List<PoolElement> after = resolve(port, tls(ca, alice, Role.REGISTRAR));
        assertEquals(before.stream().map(PoolElement::userTransport).toList(),
                after.stream().map(PoolElement::userTransport).toList(), "both workers registered as they were");
        assertEquals(before.stream().map(PoolElement::identifier).toList(),
                after.stream().map(PoolElement::identifier).toList());

        // An SSP server posing as a worker with mallory's user certificate. The registrar admits no PE from a user
        // (above), so the test registers it with a worker certificate of its own: farm-submit's role check, the
        // last line, is what is under test here.
        impostor = new ScriptedWorker("impostor", n -> ScriptedWorker.Script.of(ScriptedWorker.Behaviour.NORMAL),
                Jobs.canned(0, Jobs.results(Images.solidPng(160, 120, 0xff0000), "forged\n"), 0),
                Duration.ofMillis(100), Transports.forName("tcp", TransportOptions.DEFAULTS, null,
                        TlsPolicy.accepting(ca.credentials(mallory), Role.USER)));
        impostor.register(AsapClientConfig.withRegistrars(List.of(List.of(asapPort))),
                tls(ca, issue(ca, Role.WORKER, "pc9"), Role.REGISTRAR), Farm.POOL, IMPOSTOR);
        assertEquals(3, resolve(port, tls(ca, alice, Role.REGISTRAR)).size());

        Path output = tmp.resolve("output");
        List<String> args = new ArrayList<>(List.of("--registrar", "127.0.0.1:" + port, "--transport", "tcp",
                "--credentials", write(ca, alice, "alice").toString(), "--size", "160x120", "--output",
                output.toString(), "--retry-delay", "500", "--json", "--parallel", "3", "--log-level", "info"));
        SCENES.forEach(n -> args.add(Images.examples().resolve(n + ".pov").toString()));
        Processes.Started submit = processes.start("farm-submit", args.toArray(String[]::new));
        assertEquals(0, submit.await(Duration.ofSeconds(300)), submit.err() + submit.out());
        assertTrue(submit.out().contains("\"rendered\": " + SCENES.size()), submit.out());
        String submitLog = submit.err() + submit.out();
        assertTrue(submitLog.contains(String.format("0x%08x", IMPOSTOR)), "farm-submit tried the impostor: "
                + submitLog);
        assertEquals(List.of(), impostor.sessions(), "no SSP session reached the impostor");
        assertTrue(submitLog.lines().anyMatch(l -> l.contains(String.format("0x%08x", IMPOSTOR))
                && l.contains("gets no further job of this batch")), "the impostor is avoided for the batch: "
                + submitLog);
        for (String n : SCENES) {
            Images.assertSamePixels(Images.renderLocally(Images.examples().resolve(n + ".pov"), 160, 120, "+A0.3",
                    tmp), output.resolve(n + "-160-120.png"));
        }
        for (Processes.Started w : workers) assertTrue(w.process().isAlive(), w.name() + " ended: " + w.err());
        registrarLog.lines().filter(l -> l.contains("tls refused the") || l.contains(" refused: 0x"))
                .forEach(l -> System.out.println("AuthenticatedAttacksIT: registrar: " + l));
        submitLog.lines().filter(l -> l.contains(String.format("0x%08x", IMPOSTOR)))
                .forEach(l -> System.out.println("AuthenticatedAttacksIT: farm-submit: " + l));
        System.out.printf("AuthenticatedAttacksIT: mallory's registration, deregistration, overwrite (0x000a) and 100 "
                + "unreachable reports refused; %s; the impostor got no session; %d scenes rendered on pc1 and pc2%n",
                String.join("; ", refusals), SCENES.size());
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) n++;
        return n;
    }
}
