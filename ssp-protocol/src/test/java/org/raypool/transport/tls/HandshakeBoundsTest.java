package org.raypool.transport.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raypool.transport.Association;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.transport.Messages;
import org.raypool.transport.Recorder;
import org.raypool.transport.Transport;
import org.raypool.transport.TransportOptions;
import org.raypool.transport.tcp.TcpTransport;
import org.raypool.wire.Protocol;

/**
 * Slowloris before the handshake (docs/security.md, "Handshake bounds"): connections that open and stay silent,
 * from another loopback address (127.0.0.2), must not keep a real client (from 127.0.0.1) out, and past a bound a
 * connection is closed at once.
 */
class HandshakeBoundsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Credentials REGISTRAR = TestCredentials.of(Role.REGISTRAR, "reg1");
    private static final Credentials WORKER = TestCredentials.of(Role.WORKER, "worker1");

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    private ListeningEndpoint registrar(HandshakeLimits limits, Recorder events) throws IOException {
        Transport t = new TcpTransport(TransportOptions.DEFAULTS, null,
                TlsPolicy.accepting(REGISTRAR, Role.WORKER).with(limits));
        ListeningEndpoint endpoint = t.listen(List.of(new InetSocketAddress("127.0.0.1", 0)), Protocol.ASAP, events);
        open.add(endpoint::close);
        return endpoint;
    }

    /** {@code n} connections from 127.0.0.2 that never send a byte (one reset while connecting stays unconnected). */
    private List<Socket> silent(ListeningEndpoint endpoint, int n) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Socket s = new Socket();
            open.add(s);
            s.bind(new InetSocketAddress("127.0.0.2", 0));
            try {
                s.connect(endpoint.localAddresses().get(0), 5_000);
            } catch (SocketException e) {
                // accepted and reset before our side saw the connect complete: refused at once
            }
            sockets.add(s);
        }
        return sockets;
    }

    /** True when the server closed {@code s} within {@code wait}; false when it is still open then. */
    private static boolean closedByServer(Socket s, Duration wait) throws IOException {
        if (!s.isConnected()) return true;
        s.setSoTimeout((int) wait.toMillis());
        InputStream in = s.getInputStream();
        try {
            // the server sends nothing before our ClientHello: any byte would be a bug
            int b = in.read();
            assertEquals(-1, b, "the server sent a byte before our ClientHello");
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset: the abortive close of a refused connection
        }
    }

    private Association worker(ListeningEndpoint endpoint) throws IOException {
        Transport t = new TcpTransport(TransportOptions.DEFAULTS, null, TlsPolicy.connectingTo(WORKER, Role.REGISTRAR));
        Association a = t.connect(endpoint.localAddresses(), Protocol.ASAP, new Recorder(), TIMEOUT);
        open.add(a::abort);
        return a;
    }

    @Test
    void manySilentConnectionsFromOneAddressDoNotKeepARealClientOut() throws Exception {
        Recorder events = new Recorder();
        // a timeout far beyond the test: only the per-address bound can let the worker in
        ListeningEndpoint endpoint = registrar(new HandshakeLimits(64, 4, Duration.ofMinutes(5)), events);
        List<Socket> attack = silent(endpoint, 40);

        long start = System.nanoTime();
        Association worker = worker(endpoint);
        long millis = (System.nanoTime() - start) / 1_000_000;
        Association server = events.nextEstablished();
        byte[] hello = Messages.of(100, 7);
        worker.send(Protocol.ASAP, hello);
        assertArrayEquals(hello, events.nextMessage().bytes());
        assertEquals(Role.WORKER, server.peerIdentity().orElseThrow().role());
        assertTrue(millis < 5_000, "the worker waited " + millis + " ms for its handshake");

        int refused = 0;
        for (Socket s : attack.subList(4, attack.size())) {
            if (closedByServer(s, Duration.ofSeconds(5))) refused++;
        }
        assertEquals(36, refused, "every silent connection past the 4 per address is closed at once");
        for (Socket s : attack.subList(0, 4)) {
            assertTrue(!closedByServer(s, Duration.ofMillis(200)), "a silent connection within the bound waits "
                    + "for its timeout");
        }
        System.out.printf("HandshakeBoundsTest: 40 silent connections from 127.0.0.2, 36 closed at once; "
                + "the worker from 127.0.0.1 connected in %d ms%n", millis);
    }

    @Test
    void pastTheTotalBoundAConnectionIsClosedAtOnceAndASilentOneEndsAtTheTimeout() throws Exception {
        Recorder events = new Recorder();
        ListeningEndpoint endpoint = registrar(new HandshakeLimits(3, 3, Duration.ofMillis(1_500)), events);
        List<Socket> attack = silent(endpoint, 3);

        long start = System.nanoTime();
        assertThrows(IOException.class, () -> worker(endpoint), "all handshake places are taken");
        long refusedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(refusedMillis < 1_500, "refused at once, not after a timeout: " + refusedMillis + " ms");

        for (Socket s : attack) {
            assertTrue(closedByServer(s, Duration.ofSeconds(10)), "the handshake timeout closes a silent connection");
        }
        long closedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(closedMillis >= 1_000, "closed by the 1.5 s timeout, not before: " + closedMillis + " ms");
        worker(endpoint);
        assertEquals(Role.WORKER, events.nextEstablished().peerIdentity().orElseThrow().role());
    }
}
