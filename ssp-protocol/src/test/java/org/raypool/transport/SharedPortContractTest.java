package org.raypool.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raypool.wire.Protocol;

/**
 * [PROJECT] A pool element connects to its registrar from the port it listens on for ASAP, so that a registrar
 * taking it over reaches it at the ASAP transport it registered (docs/protocol/registrar-behaviour.md §3.6): the
 * registrar's view of the association's source is that port, and an association to it reaches the listener.
 */
public abstract class SharedPortContractTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final byte[] OPENING_BYTES = {0x05, 0x00, 0x00, 0x04};
    private final Transport transport = transport();
    private final List<AutoCloseable> open = new ArrayList<>();

    protected abstract Transport transport();

    /** Whether the transport sends {@code connectFrom}'s opening message (it opens associations only by sending). */
    protected abstract boolean sendsOpening();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    private <T extends AutoCloseable> T opened(T t) {
        open.add(t);
        return t;
    }

    private Association opened(Association a) {
        open.add(a::abort);
        return a;
    }

    @Test
    void aConnectionFromTheListeningPortIsSeenFromThatPortAndTheListenerStillAccepts() throws Exception {
        assertTrue(transport.connectsFromListeningPorts());
        Recorder registrarSide = new Recorder();
        ListeningEndpoint registrar = opened(transport.listen(List.of(new InetSocketAddress("127.0.0.1", 0)), Protocol.ASAP,
                registrarSide));
        Recorder peSide = new Recorder();
        ListeningEndpoint pe = opened(transport.listenOnClientPort(new InetSocketAddress(0), Protocol.ASAP, peSide));
        Recorder toRegistrarSide = new Recorder();

        Association toRegistrar = opened(transport.connectFrom(new InetSocketAddress(pe.port()),
                List.of(new InetSocketAddress("127.0.0.1", registrar.port())), Protocol.ASAP, toRegistrarSide, TIMEOUT,
                opening()));
        assertEquals(pe.port(), toRegistrar.localAddresses().get(0).getPort());
        Association atRegistrar = registrarSide.nextEstablished();
        assertEquals(pe.port(), atRegistrar.remoteAddresses().get(0).getPort(), "the ASAP transport it records");
        if (sendsOpening()) assertArrayEquals(OPENING_BYTES, registrarSide.nextMessage().bytes());
        atRegistrar.send(Protocol.ASAP, ByteBuffer.wrap(OPENING_BYTES));
        assertArrayEquals(OPENING_BYTES, toRegistrarSide.nextMessage().bytes(), "the registrar's answer");

        // the takeover: another registrar connects to that address and port
        Association takeover = opened(transport.connect(atRegistrar.remoteAddresses(), Protocol.ASAP, new Recorder(),
                TIMEOUT));
        byte[] keepAlive = {0x07, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00, (byte) 0xb2};
        takeover.send(Protocol.ASAP, ByteBuffer.wrap(keepAlive));
        Recorder.Received got = peSide.nextMessage();
        assertEquals(Protocol.ASAP, got.protocol());
        assertArrayEquals(keepAlive, got.bytes());
        assertTrue(toRegistrar.isOpen(), "the outgoing connection is untouched");
    }

    private static ByteBuffer opening() {
        return ByteBuffer.wrap(OPENING_BYTES);
    }

    @Test
    void aSecondConnectionFromThePortToTheSameRegistrarIsABindFailureTheCallerFallsBackFrom() throws Exception {
        ListeningEndpoint registrar = opened(transport.listen(List.of(new InetSocketAddress("127.0.0.1", 0)), Protocol.ASAP,
                new Recorder()));
        ListeningEndpoint pe = opened(transport.listenOnClientPort(new InetSocketAddress(0), Protocol.ASAP, new Recorder()));
        List<InetSocketAddress> to = List.of(new InetSocketAddress("127.0.0.1", registrar.port()));
        opened(transport.connectFrom(new InetSocketAddress(pe.port()), to, Protocol.ASAP, new Recorder(), TIMEOUT, opening()));
        Exception e = assertThrows(Exception.class, () -> opened(transport.connectFrom(new InetSocketAddress(pe.port()), to,
                Protocol.ASAP, new Recorder(), TIMEOUT, opening())));
        Throwable t = e;
        while (t != null && !(t instanceof BindException)) t = t.getCause();
        assertTrue(t instanceof BindException, "the same four-tuple twice: " + e);
    }

    @Test
    void aConnectionToAPortNobodyListensOnFailsAtOnceAndThePortStaysUsable() throws Exception {
        ListeningEndpoint closed = transport.listen(List.of(new InetSocketAddress("127.0.0.1", 0)), Protocol.ASAP,
                new Recorder());
        List<InetSocketAddress> nobody = List.of(new InetSocketAddress("127.0.0.1", closed.port()));
        closed.close();
        ListeningEndpoint pe = opened(transport.listenOnClientPort(new InetSocketAddress(0), Protocol.ASAP,
                new Recorder()));
        long start = System.nanoTime();
        assertThrows(java.net.ConnectException.class, () -> opened(transport.connectFrom(
                new InetSocketAddress(pe.port()), nobody, Protocol.ASAP, new Recorder(), TIMEOUT, opening())));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < TIMEOUT.toMillis() / 2, "refused after " + ms + " ms, not by the timeout");

        Recorder registrarSide = new Recorder();
        ListeningEndpoint registrar = opened(transport.listen(List.of(new InetSocketAddress("127.0.0.1", 0)),
                Protocol.ASAP, registrarSide));
        opened(transport.connectFrom(new InetSocketAddress(pe.port()),
                List.of(new InetSocketAddress("127.0.0.1", registrar.port())), Protocol.ASAP, new Recorder(), TIMEOUT,
                opening()));
        assertEquals(pe.port(), registrarSide.nextEstablished().remoteAddresses().get(0).getPort());
    }
}
