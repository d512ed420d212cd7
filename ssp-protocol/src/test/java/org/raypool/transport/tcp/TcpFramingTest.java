package org.raypool.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.raypool.transport.Association;
import org.raypool.transport.CommLost;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.transport.Messages;
import org.raypool.transport.Recorder;
import org.raypool.wire.Protocol;

/**
 * The [PROJECT] raw TCP framing (docs/protocol/asap-enrp-wire.md §1.3 rules 1-5) against a plain socket on the other
 * end.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpFramingTest {

    private final TcpTransport transport = transport();
    private ListeningEndpoint endpoint;
    private Socket raw;
    private Association association;

    /** The transport under test: a reader thread per connection. */
    TcpTransport transport() {
        return new TcpTransport();
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (association != null) association.abort();
        if (endpoint != null) endpoint.close();
        if (raw != null) raw.close();
    }

    private Recorder listen(Protocol protocol) throws IOException {
        Recorder events = new Recorder();
        endpoint = transport.listen(List.of(new InetSocketAddress("127.0.0.1", 0)), protocol, events);
        raw = new Socket("127.0.0.1", endpoint.port());
        raw.setTcpNoDelay(true);
        return events;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    @Test
    void paddedProtocolsSkipThePaddingAfterOddLengths() throws Exception {
        Recorder events = listen(Protocol.ASAP);
        raw.getOutputStream().write(concat(Messages.of(5, 1), new byte[3], Messages.of(6, 2), new byte[2],
                Messages.of(7, 3), new byte[1], Messages.of(8, 4), Messages.of(4, 5), Messages.of(65535, 6),
                new byte[1], Messages.of(9, 7), new byte[3]));
        int[] sizes = {5, 6, 7, 8, 4, 65535, 9};
        for (int i = 0; i < sizes.length; i++) {
            Recorder.Received r = events.nextMessage();
            assertEquals(Protocol.ASAP, r.protocol());
            assertArrayEquals(Messages.of(sizes[i], i + 1), r.bytes(), "message " + i);
        }
    }

    @Test
    void sspIsNeverPadded() throws Exception {
        Recorder events = listen(Protocol.SSP);
        raw.getOutputStream().write(concat(Messages.of(5, 1), Messages.of(9, 2), Messages.of(4, 3), Messages.of(7, 4)));
        assertArrayEquals(Messages.of(5, 1), events.nextMessage().bytes());
        assertArrayEquals(Messages.of(9, 2), events.nextMessage().bytes());
        assertArrayEquals(Messages.of(4, 3), events.nextMessage().bytes());
        assertArrayEquals(Messages.of(7, 4), events.nextMessage().bytes());
    }

    @Test
    void framesSplitAcrossSegmentsAreReassembled() throws Exception {
        Recorder events = listen(Protocol.ENRP);
        byte[] stream = concat(Messages.of(13, 1), new byte[3], Messages.of(300, 2));
        OutputStream out = raw.getOutputStream();
        for (byte b : stream) {
            out.write(b);
            out.flush();
        }
        assertArrayEquals(Messages.of(13, 1), events.nextMessage().bytes());
        assertArrayEquals(Messages.of(300, 2), events.nextMessage().bytes());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void aLengthBelowFourAbortsTheConnection(int length) throws Exception {
        Recorder events = listen(Protocol.ASAP);
        raw.getOutputStream().write(concat(Messages.of(8, 1), new byte[] {1, 0, 0, (byte) length}, new byte[12]));
        assertArrayEquals(Messages.of(8, 1), events.nextMessage().bytes());
        Association server = events.nextEstablished();
        CommLost why = events.awaitLost(server, CommLost.Cause.PROTOCOL_ERROR);
        assertTrue(why.detail().contains("Length " + length), why.detail());
        raw.setSoTimeout(10_000);
        assertThrows(SocketException.class, () -> raw.getInputStream().read(), "expected a reset (RST)");
    }

    @Test
    void aStreamEndingInsideAFrameIsAProtocolError() throws Exception {
        Recorder events = listen(Protocol.SSP);
        raw.getOutputStream().write(Arrays.copyOf(Messages.of(100, 1), 50));
        raw.shutdownOutput();
        Association server = events.nextEstablished();
        CommLost why = events.awaitLost(server, CommLost.Cause.PROTOCOL_ERROR);
        assertTrue(why.detail().contains("inside a frame"), why.detail());
    }

    @Test
    void theSenderPadsAsapAndEnrpButNotSsp() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, java.net.InetAddress.getByName("127.0.0.1"))) {
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", server.getLocalPort());
            association = transport.connect(List.of(at), Protocol.ASAP, new Recorder(), Duration.ofSeconds(5));
            try (Socket asap = server.accept()) {
                association.send(Protocol.ASAP, Messages.of(5, 1));
                association.send(Protocol.ASAP, Messages.of(8, 2));
                association.send(Protocol.ASAP, Messages.of(10, 3));
                byte[] expected = concat(Messages.of(5, 1), new byte[3], Messages.of(8, 2), Messages.of(10, 3),
                        new byte[2]);
                assertArrayEquals(expected, readExactly(asap.getInputStream(), expected.length));
            }
            association.abort();
            association = transport.connect(List.of(at), Protocol.SSP, new Recorder(), Duration.ofSeconds(5));
            try (Socket ssp = server.accept()) {
                association.send(Protocol.SSP, Messages.of(5, 1));
                association.send(Protocol.SSP, Messages.of(6, 2));
                association.close();
                byte[] expected = concat(Messages.of(5, 1), Messages.of(6, 2));
                assertArrayEquals(expected, ssp.getInputStream().readAllBytes(), "then FIN");
            }
        }
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        new DataInputStream(in).readFully(b);
        return b;
    }

    @Test
    void aConnectionCarriesExactlyOneProtocol() {
        List<InetSocketAddress> local = List.of(new InetSocketAddress("127.0.0.1", 0));
        assertThrows(IllegalArgumentException.class,
                () -> transport.listen(local, Set.of(Protocol.ASAP, Protocol.SSP), new Recorder()));
        assertThrows(IllegalArgumentException.class, () -> transport.connect(local, Set.of(Protocol.ASAP,
                Protocol.ENRP), new Recorder(), Duration.ofSeconds(1)));
    }

    @Test
    void severalLocalAddressesShareOnePort() throws Exception {
        Recorder events = new Recorder();
        endpoint = transport.listen(List.of(new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.2", 0)), Protocol.ASAP, events);
        int port = endpoint.port();
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", port), new InetSocketAddress("127.0.0.2", port)),
                endpoint.localAddresses());
        for (String host : List.of("127.0.0.1", "127.0.0.2")) {
            Association a = transport.connect(List.of(new InetSocketAddress(host, port)), Protocol.ASAP,
                    new Recorder(), Duration.ofSeconds(5));
            a.send(Protocol.ASAP, Messages.of(8, 1));
            assertArrayEquals(Messages.of(8, 1), events.nextMessage().bytes());
            assertEquals(new InetSocketAddress(host, port), events.nextEstablished().localAddresses().get(0));
            a.abort();
        }
    }

    @Test
    void connectTriesTheAddressesInOrder() throws Exception {
        Recorder events = listen(Protocol.ENRP);
        raw.close();
        raw = null;
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        association = transport.connect(List.of(new InetSocketAddress("127.0.0.1", closedPort),
                new InetSocketAddress("127.0.0.1", endpoint.port())), Protocol.ENRP, new Recorder(),
                Duration.ofSeconds(5));
        assertEquals(endpoint.port(), association.remoteAddresses().get(0).getPort());
        events.nextEstablished();
    }
}
