package org.raypool.transport.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.raypool.transport.Association;
import org.raypool.transport.CommLost;
import org.raypool.transport.IoLoop;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.transport.Messages;
import org.raypool.transport.Recorder;
import org.raypool.transport.Transport;
import org.raypool.transport.TransportOptions;
import org.raypool.transport.tcp.TcpTransport;
import org.raypool.wire.Protocol;

/** Who a TLS endpoint lets in (docs/security.md), big messages over TLS, and the credential files. */
class TlsTransportTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Credentials REGISTRAR = TestCredentials.of(Role.REGISTRAR, "reg1");
    private static final Credentials WORKER = TestCredentials.of(Role.WORKER, "worker1");

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    private ListeningEndpoint registrar(Recorder events, IoLoop loop) throws IOException {
        Transport t = new TcpTransport(TransportOptions.DEFAULTS, loop,
                TlsPolicy.accepting(REGISTRAR, Role.WORKER, Role.USER));
        ListeningEndpoint endpoint = t.listen(List.of(LOOPBACK), Protocol.ASAP, events);
        open.add(endpoint::close);
        return endpoint;
    }

    private Association connect(Transport t, ListeningEndpoint endpoint, Recorder events) throws IOException {
        Association a = t.connect(endpoint.localAddresses(), Protocol.ASAP, events, TIMEOUT);
        open.add(a::abort);
        return a;
    }

    private static Transport client(Credentials credentials, Role server) {
        return new TcpTransport(TransportOptions.DEFAULTS, null, TlsPolicy.connectingTo(credentials, server));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aWorkerTalksToTheRegistrarWithBigMessagesBothWaysAndBothKnowWhoIsThere(boolean loopMode) throws Exception {
        IoLoop loop = loopMode ? new IoLoop("tls-test-loop") : null;
        if (loop != null) open.add(loop);
        Recorder serverEvents = new Recorder();
        ListeningEndpoint endpoint = registrar(serverEvents, loop);
        Recorder clientEvents = new Recorder();
        Association client = connect(client(WORKER, Role.REGISTRAR), endpoint, clientEvents);
        assertEquals(new PeerIdentity(Role.REGISTRAR, "reg1", REGISTRAR.identity().notAfter()),
                client.peerIdentity().orElseThrow());
        Association server = serverEvents.nextEstablished();
        for (int size : new int[] {4, 65535, 40_000, 65532, 17}) {
            byte[] up = Messages.of(size, size);
            client.send(Protocol.ASAP, up);
            Recorder.Received got = serverEvents.nextMessage();
            assertArrayEquals(up, got.bytes());
            assertEquals(new PeerIdentity(Role.WORKER, "worker1", WORKER.identity().notAfter()),
                    got.association().peerIdentity().orElseThrow());
            byte[] down = Messages.of(size, size + 1);
            server.send(Protocol.ASAP, down);
            assertArrayEquals(down, clientEvents.nextMessage().bytes());
        }
        // a burst larger than any buffer: 200 messages of 64 KiB arrive whole and in order
        for (int i = 0; i < 200; i++) client.send(Protocol.ASAP, Messages.tagged(65535, 1, i));
        for (int i = 0; i < 200; i++) assertEquals(i, Messages.seq(serverEvents.nextMessage().bytes()));
        client.close();
        serverEvents.awaitLost(server, CommLost.Cause.PEER_SHUTDOWN);
    }

    @Test
    void openModeHasNoPeerIdentity() throws Exception {
        Recorder events = new Recorder();
        Transport plain = new TcpTransport();
        ListeningEndpoint endpoint = plain.listen(List.of(LOOPBACK), Protocol.ASAP, events);
        open.add(endpoint::close);
        Association client = connect(plain, endpoint, new Recorder());
        assertTrue(client.peerIdentity().isEmpty());
        assertTrue(events.nextEstablished().peerIdentity().isEmpty());
    }

    /** The server never sees the peer; the client cannot connect or loses the connection at once. */
    private void assertRefused(Transport clientTransport) throws Exception {
        Recorder serverEvents = new Recorder();
        ListeningEndpoint endpoint = registrar(serverEvents, null);
        Recorder clientEvents = new Recorder();
        try {
            Association a = connect(clientTransport, endpoint, clientEvents);
            // TLS 1.3: the client's handshake ends before the server has checked its certificate; the alert follows
            try {
                for (int i = 0; i < 50 && a.isOpen(); i++) {
                    a.send(Protocol.ASAP, Messages.of(8, i));
                    Thread.sleep(20);
                }
            } catch (IOException expected) {
                // the server's alert or its close
            }
            assertEquals(a, clientEvents.nextLost().association());
        } catch (IOException refused) {
            // the handshake failed on our side
        }
        assertNull(serverEvents.established.poll(300, TimeUnit.MILLISECONDS), "the server accepted the peer");
        assertNull(serverEvents.messages.poll(), "a message got through");
    }

    @Test
    void aPlainConnectionIsRefused() throws Exception {
        assertRefused(new TcpTransport());
    }

    @Test
    void aUserMayTalkToTheRegistrarButARegistrarCertificateMayNotConnectAsAClient() throws Exception {
        Recorder serverEvents = new Recorder();
        ListeningEndpoint endpoint = registrar(serverEvents, null);
        connect(client(TestCredentials.of(Role.USER, "alice"), Role.REGISTRAR), endpoint, new Recorder());
        assertEquals(Role.USER, serverEvents.nextEstablished().peerIdentity().orElseThrow().role());
        assertRefused(client(TestCredentials.of(Role.REGISTRAR, "reg2"), Role.REGISTRAR));
    }

    @Test
    void aForgedCertificateIsRefused() throws Exception {
        // it trusts its own CA, so it would accept the registrar's only if both CAs were the same
        Credentials forged = TestCredentials.forged(Role.WORKER, "worker1");
        assertRefused(new TcpTransport(TransportOptions.DEFAULTS, null,
                new TlsPolicy(forged, java.util.Set.of(Role.REGISTRAR), java.util.Set.of(Role.REGISTRAR))));
        // and a forged client that trusts our CA still presents a certificate our CA did not sign
        CertificateAuthority.Issued other = TestCredentials.FORGER.issue(Role.WORKER, "w", Instant.now(),
                Duration.ofDays(1));
        Credentials mixed = Credentials.of(TestCredentials.CA.certificate(), other.certificate(), other.key());
        assertRefused(client(mixed, Role.REGISTRAR));
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        assertRefused(client(TestCredentials.expired(Role.WORKER, "old"), Role.REGISTRAR));
    }

    @Test
    void aClientWithoutACertificateIsRefused() throws Exception {
        Recorder serverEvents = new Recorder();
        ListeningEndpoint endpoint = registrar(serverEvents, null);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (Socket socket = context.getSocketFactory().createSocket("127.0.0.1", endpoint.port())) {
            socket.setSoTimeout(5000);
            ((SSLSocket) socket).startHandshake();
            socket.getOutputStream().write(Messages.of(8, 1));
            assertThrows(IOException.class, () -> {
                if (socket.getInputStream().read() < 0) throw new IOException("closed");
            });
        } catch (IOException refusedDuringHandshake) {
            // as good
        }
        assertNull(serverEvents.established.poll(300, TimeUnit.MILLISECONDS), "the server accepted the peer");
    }

    @Test
    void aClientRefusesAServerOfTheWrongRole() throws Exception {
        Recorder serverEvents = new Recorder();
        ListeningEndpoint endpoint = registrar(serverEvents, null);
        IOException e = assertThrows(IOException.class,
                () -> connect(client(TestCredentials.of(Role.USER, "bob"), Role.WORKER), endpoint, new Recorder()));
        assertTrue(String.valueOf(e.getMessage()).contains("tls connect"), e.getMessage());
    }

    @Test
    void credentialsLoadFromTheFilesIssuedAndRefuseAKeyOthersCanRead(@TempDir Path dir) throws Exception {
        CertificateAuthority ca = TestCredentials.CA;
        Path out = dir.resolve("worker");
        ca.write(ca.issue(Role.WORKER, "pc-17", Instant.now(), Duration.ofDays(1)), out);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                out.resolve(Credentials.KEY_FILE))));
        assertEquals(new PeerIdentity(Role.WORKER, "pc-17", Credentials.load(out).identity().notAfter()),
                Credentials.load(out).identity());
        IOException again = assertThrows(IOException.class,
                () -> ca.write(ca.issue(Role.WORKER, "pc-17", Instant.now(), Duration.ofDays(1)), out));
        assertTrue(again.getMessage().contains("exists"), again.getMessage());

        Files.setPosixFilePermissions(out.resolve(Credentials.KEY_FILE), PosixFilePermissions.fromString("rw-r--r--"));
        CredentialsException e = assertThrows(CredentialsException.class, () -> Credentials.load(out));
        assertEquals(out.resolve("key.pem") + " can be read by others than its owner; fix: chmod 600 "
                + out.resolve("key.pem"), e.getMessage());
        Files.setPosixFilePermissions(out.resolve(Credentials.KEY_FILE), PosixFilePermissions.fromString("rw-------"));

        Files.writeString(out.resolve(Credentials.CERT_FILE), "junk");
        e = assertThrows(CredentialsException.class, () -> Credentials.load(out));
        assertTrue(e.getMessage().startsWith(out.resolve("cert.crt") + " is not a PEM X.509 certificate"),
                e.getMessage());
        Files.delete(out.resolve(Credentials.CA_FILE));
        e = assertThrows(CredentialsException.class, () -> Credentials.load(out));
        assertTrue(e.getMessage().startsWith(out.resolve("ca.crt") + " is missing"), e.getMessage());
        assertTrue(e.getMessage().indexOf('\n') < 0);
    }

    @Test
    void aCertificateOfAnotherCaIsRefusedWhenLoading(@TempDir Path dir) throws Exception {
        CertificateAuthority forger = TestCredentials.FORGER;
        forger.write(forger.issue(Role.WORKER, "w", Instant.now(), Duration.ofDays(1)), dir);
        Files.writeString(dir.resolve(Credentials.CA_FILE), CertificateAuthority.pem(TestCredentials.CA.certificate()));
        CredentialsException e = assertThrows(CredentialsException.class, () -> Credentials.load(dir));
        assertTrue(e.getMessage().contains("is not signed by the farm CA"), e.getMessage());
    }

    @Test
    void theCaSavesAndLoadsAndRefusesToOverwrite(@TempDir Path dir) throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("lab", Instant.now(), Duration.ofDays(10));
        ca.save(dir);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve(CertificateAuthority.CA_KEY_FILE))));
        assertThrows(IOException.class, () -> ca.save(dir));
        CertificateAuthority loaded = CertificateAuthority.load(dir);
        assertEquals(ca.certificate(), loaded.certificate());
        Credentials issued = loaded.credentials(loaded.issue(Role.USER, "u", Instant.now(), Duration.ofDays(1)));
        assertEquals(Role.USER, issued.identity().role());
        assertTrue(issued.ca().getSubjectX500Principal().getName().contains("O=lab"));
    }

    /** Not an assertion on time (shared CPUs): prints the cost of a handshake for the report. */
    @Test
    void handshakeCost() throws Exception {
        ListeningEndpoint endpoint = registrar(new Recorder(), null);
        Transport worker = client(WORKER, Role.REGISTRAR);
        Transport plain = new TcpTransport();
        ListeningEndpoint plainEndpoint = plain.listen(List.of(LOOPBACK), Protocol.ASAP, new Recorder());
        open.add(plainEndpoint::close);
        for (int i = 0; i < 150; i++) connect(worker, endpoint, new Recorder()).abort();
        int n = 100;
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) connect(worker, endpoint, new Recorder()).abort();
        long tls = (System.nanoTime() - start) / n;
        long tlsCpu = (os.getProcessCpuTime() - cpu) / n;
        start = System.nanoTime();
        for (int i = 0; i < n; i++) connect(plain, plainEndpoint, new Recorder()).abort();
        long tcp = (System.nanoTime() - start) / n;
        System.err.println(String.format("handshake cost: TLS connect %.2f ms (CPU of both sides %.2f ms), plain TCP "
                + "connect %.2f ms (mean of %d)", tls / 1e6, tlsCpu / 1e6, tcp / 1e6, n));
    }
}
