package org.raypool.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.raypool.wire.Protocol;

/**
 * The behaviour every {@link Transport} promises, run over loopback by {@code TcpAssociationTest} and
 * {@code SctpAssociationTest}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class AssociationContractTest {

    protected static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    protected static final TransportOptions OPTIONS = new TransportOptions(Duration.ofSeconds(20), Duration.ofSeconds(5));
    protected static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

    private final Deque<AutoCloseable> cleanup = new ArrayDeque<>();

    /** The transport under test with the given options. */
    protected abstract Transport transport(TransportOptions options);

    protected Transport transport() {
        return transport(OPTIONS);
    }

    @AfterEach
    void cleanUp() throws Exception {
        while (!cleanup.isEmpty()) cleanup.pop().close();
    }

    /** A connected pair: both sides established, with their recorders. */
    protected record Pair(ListeningEndpoint endpoint, Association client, Recorder clientEvents, Association server,
                          Recorder serverEvents) {}

    protected ListeningEndpoint listen(Transport transport, Protocol protocol, AssociationListener listener)
            throws IOException {
        ListeningEndpoint endpoint = transport.listen(List.of(LOOPBACK), protocol, listener);
        cleanup.push(endpoint);
        return endpoint;
    }

    protected Association connect(Transport transport, ListeningEndpoint endpoint, Protocol protocol,
                                  AssociationListener listener) throws IOException {
        Association a = transport.connect(List.of(new InetSocketAddress("127.0.0.1", endpoint.port())), protocol,
                listener, CONNECT_TIMEOUT);
        cleanup.push(a::abort);
        return a;
    }

    protected Pair pair(Protocol protocol) throws Exception {
        return pair(transport(), protocol, new Recorder(), new Recorder());
    }

    protected Pair pair(Transport transport, Protocol protocol, Recorder clientEvents, Recorder serverEvents)
            throws Exception {
        ListeningEndpoint endpoint = listen(transport, protocol, serverEvents);
        Association client = connect(transport, endpoint, protocol, clientEvents);
        Association server = serverEvents.nextEstablished();
        cleanup.push(server::abort);
        assertEquals(client, clientEvents.nextEstablished());
        return new Pair(endpoint, client, clientEvents, server, serverEvents);
    }

    // ---- set-up

    @Test
    void listenReportsTheBoundPortAndConnectIsAccepted() throws Exception {
        Pair p = pair(Protocol.ASAP);
        int port = p.endpoint().port();
        assertTrue(port > 0, "bound port " + port);
        assertTrue(p.endpoint().localAddresses().contains(new InetSocketAddress("127.0.0.1", port)),
                () -> "endpoint addresses " + p.endpoint().localAddresses());
        assertTrue(p.client().remoteAddresses().contains(new InetSocketAddress("127.0.0.1", port)),
                () -> "client's peer addresses " + p.client().remoteAddresses());
        int clientPort = p.client().localAddresses().get(0).getPort();
        assertTrue(p.server().remoteAddresses().stream().allMatch(a -> a.getPort() == clientPort),
                () -> "server's peer addresses " + p.server().remoteAddresses() + ", client port " + clientPort);
        assertTrue(p.client().isOpen() && p.server().isOpen());
        assertNotEquals(p.client().id(), p.server().id());
        assertTrue(p.client().id().startsWith(transport().name() + "-"), p.client().id());
        assertEquals(java.util.Set.of(Protocol.ASAP), p.client().protocols());
        assertEquals(java.util.Set.of(Protocol.ASAP), p.server().protocols());
    }

    @Test
    void aWildcardEndpointAcceptsOnLoopback() throws Exception {
        Recorder events = new Recorder();
        ListeningEndpoint endpoint = transport().listen(List.of(new InetSocketAddress(0)), Protocol.ASAP, events);
        cleanup.push(endpoint);
        assertTrue(endpoint.port() > 0);
        assertTrue(endpoint.localAddresses().stream().allMatch(a -> a.getPort() == endpoint.port()),
                () -> endpoint.localAddresses().toString());
        Association client = connect(transport(), endpoint, Protocol.ASAP, new Recorder());
        client.send(Protocol.ASAP, Messages.of(8, 1));
        assertArrayEquals(Messages.of(8, 1), events.nextMessage().bytes());
    }

    @Test
    void connectToAClosedPortFailsFastWithAClearMessage() throws Exception {
        ListeningEndpoint endpoint = listen(transport(), Protocol.ASAP, new Recorder());
        int port = endpoint.port();
        endpoint.close();
        assertFalse(endpoint.isOpen());
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> transport().connect(
                List.of(new InetSocketAddress("127.0.0.1", port)), Protocol.ASAP, new Recorder(), CONNECT_TIMEOUT));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 5_000, "took " + ms + " ms");
        String text = e.getMessage().toLowerCase(Locale.ROOT);
        assertTrue(text.contains("127.0.0.1:" + port) && text.contains("refused"), e.getMessage());
    }

    @Test
    void closingTheEndpointStopsAcceptingAndKeepsItsAssociations() throws Exception {
        Pair p = pair(Protocol.ENRP);
        p.endpoint().close();
        p.endpoint().close();
        assertThrows(IOException.class, () -> transport().connect(
                List.of(new InetSocketAddress("127.0.0.1", p.endpoint().port())), Protocol.ENRP, new Recorder(),
                CONNECT_TIMEOUT));
        p.client().send(Protocol.ENRP, Messages.of(8, 1));
        assertArrayEquals(Messages.of(8, 1), p.serverEvents().nextMessage().bytes());
    }

    // ---- messages

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void messagesGoBothWaysWithTheirProtocol(Protocol protocol) throws Exception {
        Pair p = pair(protocol);
        p.client().send(protocol, Messages.of(20, 1));
        Recorder.Received r = p.serverEvents().nextMessage();
        assertEquals(protocol, r.protocol());
        assertEquals(p.server(), r.association());
        assertArrayEquals(Messages.of(20, 1), r.bytes());
        p.server().send(protocol, ByteBuffer.wrap(Messages.of(24, 2)));
        r = p.clientEvents().nextMessage();
        assertEquals(protocol, r.protocol());
        assertArrayEquals(Messages.of(24, 2), r.bytes());
        assertCallbackThread(r.thread(), p.client());
    }

    /** Where callbacks run: the association's reader thread, unless the transport runs on an I/O loop. */
    protected void assertCallbackThread(String thread, Association association) {
        assertTrue(thread.contains(association.id()), "callback thread " + thread);
    }

    static final int[] SIZES = {4, 5, 6, 7, 8, 9, 100, 1452, 1500, 9000, 16384, 65532, 65533, 65534, 65535};

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void messagesOfEverySizeArriveWhole(Protocol protocol) throws Exception {
        Pair p = pair(protocol);
        for (int size : SIZES) {
            p.client().send(protocol, Messages.of(size, size));
            p.server().send(protocol, Messages.of(size, -size));
        }
        for (int size : SIZES) {
            assertArrayEquals(Messages.of(size, size), p.serverEvents().nextMessage().bytes(), "size " + size);
            assertArrayEquals(Messages.of(size, -size), p.clientEvents().nextMessage().bytes(), "size " + size);
        }
    }

    @Test
    void sendDoesNotMoveTheBufferAndTakesItsRemainingBytes() throws Exception {
        Pair p = pair(Protocol.SSP);
        ByteBuffer b = ByteBuffer.allocate(40);
        b.position(3).put(Messages.of(10, 5)).position(3).limit(13);
        p.client().send(Protocol.SSP, b);
        assertEquals(3, b.position());
        assertEquals(13, b.limit());
        assertArrayEquals(Messages.of(10, 5), p.serverEvents().nextMessage().bytes());
    }

    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"ASAP", "SSP"})
    void aBurstArrivesInOrderAndUnsplit(Protocol protocol) throws Exception {
        Pair p = pair(protocol);
        int n = 3000;
        for (int i = 0; i < n; i++) p.client().send(protocol, Messages.of(size(i), i));
        for (int i = 0; i < n; i++) {
            byte[] got = p.serverEvents().nextMessage().bytes();
            assertArrayEquals(Messages.of(size(i), i), got, "message " + i);
        }
    }

    private static int size(int i) {
        return 4 + (i * 37) % 3001;
    }

    @Test
    void concurrentSendersNeverInterleave() throws Exception {
        Pair p = pair(Protocol.ENRP);
        int threads = 4;
        int each = 400;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int tag = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int s = 0; s < each; s++) {
                        p.client().send(Protocol.ENRP, Messages.tagged(12 + (s * 811 + tag * 97) % 8000, tag, s));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        Map<Integer, Integer> next = new HashMap<>();
        for (int i = 0; i < threads * each; i++) {
            byte[] got = p.serverEvents().nextMessage().bytes();
            int tag = Messages.tag(got);
            int seq = Messages.seq(got);
            assertEquals(next.getOrDefault(tag, 0), seq, "sender " + tag);
            assertArrayEquals(Messages.tagged(got.length, tag, seq), got, "sender " + tag + " message " + seq);
            next.put(tag, seq + 1);
        }
    }

    @Test
    void sendRejectsWhatIsNotOneMessageOfItsProtocols() throws Exception {
        Pair p = pair(Protocol.ASAP);
        byte[] lying = Messages.of(12, 1);
        lying[3] = 16;
        assertThrows(IllegalArgumentException.class, () -> p.client().send(Protocol.ASAP, lying));
        assertThrows(IllegalArgumentException.class, () -> p.client().send(Protocol.ASAP, new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> p.client().send(Protocol.ASAP, new byte[65536]));
        assertThrows(IllegalArgumentException.class, () -> p.client().send(Protocol.ENRP, Messages.of(8, 1)));
        p.client().send(Protocol.ASAP, Messages.of(8, 2));
        assertArrayEquals(Messages.of(8, 2), p.serverEvents().nextMessage().bytes());
    }

    // ---- listener misbehaviour

    @Test
    void listenerExceptionsDoNotBreakTheAssociation() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Recorder throwing = new Recorder() {
            @Override
            public void onEstablished(Association association) {
                super.onEstablished(association);
                throw new IllegalStateException("test: established");
            }

            @Override
            public void onMessage(Association association, Protocol protocol, ByteBuffer message) {
                super.onMessage(association, protocol, message);
                int n = calls.incrementAndGet();
                if (n % 3 == 1) throw new IllegalStateException("test: message " + n);
                if (n % 3 == 2) throw new AssertionError("test: error " + n);
            }
        };
        Pair p = pair(transport(), Protocol.SSP, new Recorder(), throwing);
        for (int i = 0; i < 9; i++) p.client().send(Protocol.SSP, Messages.of(10 + i, i));
        for (int i = 0; i < 9; i++) assertArrayEquals(Messages.of(10 + i, i), p.serverEvents().nextMessage().bytes());
        assertTrue(p.server().isOpen());
        p.server().send(Protocol.SSP, Messages.of(6, 9));
        assertArrayEquals(Messages.of(6, 9), p.clientEvents().nextMessage().bytes());
    }

    // ---- the end

    @Test
    void gracefulCloseDeliversWhatWasSentThenCommLostOnBothSides() throws Exception {
        Pair p = pair(Protocol.ASAP);
        for (int i = 0; i < 200; i++) p.client().send(Protocol.ASAP, Messages.of(size(i), i));
        p.client().close();
        assertFalse(p.client().isOpen());
        for (int i = 0; i < 200; i++) assertArrayEquals(Messages.of(size(i), i), p.serverEvents().nextMessage().bytes());
        p.serverEvents().awaitLost(p.server(), CommLost.Cause.PEER_SHUTDOWN);
        p.clientEvents().awaitLost(p.client(), CommLost.Cause.LOCAL_CLOSE);
        assertFalse(p.server().isOpen());
        p.serverEvents().assertQuiet(Duration.ofMillis(300));
        p.clientEvents().assertQuiet(Duration.ZERO);
    }

    @Test
    void theAcceptingSideCanCloseToo() throws Exception {
        Pair p = pair(Protocol.SSP);
        p.server().send(Protocol.SSP, Messages.of(4, 0));
        p.server().close();
        assertArrayEquals(Messages.of(4, 0), p.clientEvents().nextMessage().bytes());
        p.clientEvents().awaitLost(p.client(), CommLost.Cause.PEER_SHUTDOWN);
        p.serverEvents().awaitLost(p.server(), CommLost.Cause.LOCAL_CLOSE);
        p.clientEvents().assertQuiet(Duration.ofMillis(300));
        p.serverEvents().assertQuiet(Duration.ZERO);
    }

    @Test
    void closeIsIdempotentAndSendAfterCloseFails() throws Exception {
        Pair p = pair(Protocol.ENRP);
        p.client().close();
        p.client().close();
        p.client().abort();
        IOException e = assertThrows(ClosedAssociationException.class,
                () -> p.client().send(Protocol.ENRP, Messages.of(8, 1)));
        assertTrue(e.getMessage().contains(p.client().id()), e.getMessage());
        p.clientEvents().awaitLost(p.client(), CommLost.Cause.LOCAL_CLOSE);
        p.serverEvents().nextLost();
        p.clientEvents().assertQuiet(Duration.ofMillis(300));
        p.serverEvents().assertQuiet(Duration.ZERO);
    }

    @Test
    void abortEndsBothSides() throws Exception {
        Pair p = pair(Protocol.ASAP);
        p.client().send(Protocol.ASAP, Messages.of(8, 1));
        p.serverEvents().nextMessage();
        p.client().abort();
        assertFalse(p.client().isOpen());
        p.clientEvents().awaitLost(p.client(), CommLost.Cause.LOCAL_ABORT);
        p.serverEvents().awaitLost(p.server(), CommLost.Cause.COMM_LOST);
        p.clientEvents().assertQuiet(Duration.ofMillis(300));
        p.serverEvents().assertQuiet(Duration.ZERO);
    }

    @Test
    void theAcceptingSideCanAbortToo() throws Exception {
        Pair p = pair(Protocol.SSP);
        p.server().abort();
        p.serverEvents().awaitLost(p.server(), CommLost.Cause.LOCAL_ABORT);
        p.clientEvents().awaitLost(p.client(), CommLost.Cause.COMM_LOST);
        assertThrows(IOException.class, () -> p.client().send(Protocol.SSP, Messages.of(8, 1)));
        p.clientEvents().assertQuiet(Duration.ofMillis(300));
    }

    @Test
    void closeFromInsideACallbackEndsTheAssociationOnce() throws Exception {
        Recorder closing = new Recorder() {
            @Override
            public void onMessage(Association association, Protocol protocol, ByteBuffer message) {
                super.onMessage(association, protocol, message);
                association.close();
            }
        };
        Pair p = pair(transport(), Protocol.ASAP, new Recorder(), closing);
        p.client().send(Protocol.ASAP, Messages.of(8, 1));
        p.serverEvents().nextMessage();
        p.serverEvents().awaitLost(p.server(), CommLost.Cause.LOCAL_CLOSE);
        p.clientEvents().awaitLost(p.client(), CommLost.Cause.PEER_SHUTDOWN);
        p.serverEvents().assertQuiet(Duration.ofMillis(300));
    }

    @Test
    void aSendThatCannotCompleteTimesOutAndAborts() throws Exception {
        Transport impatient = transport(new TransportOptions(Duration.ofMillis(1500), Duration.ofSeconds(2)));
        CountDownLatch release = new CountDownLatch(1);
        Recorder stuck = new Recorder() {
            @Override
            public void onMessage(Association association, Protocol protocol, ByteBuffer message) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Pair p = pair(impatient, Protocol.SSP, new Recorder(), stuck);
        try {
            byte[] big = Messages.of(65535, 1);
            long start = System.nanoTime();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> {
                for (int i = 0; i < 100_000; i++) p.client().send(Protocol.SSP, big);
            });
            assertTrue(e.getMessage().contains(p.client().id()), e.getMessage());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60));
            p.clientEvents().awaitLost(p.client(), CommLost.Cause.SEND_TIMEOUT);
        } finally {
            release.countDown();
        }
        p.serverEvents().awaitLost(p.server(), CommLost.Cause.COMM_LOST);
    }

    @Test
    void aWriteStuckLongAfterEarlierWritesGetsItsOwnFullTimeout() throws Exception {
        long timeoutMillis = 1500;
        Transport impatient = transport(new TransportOptions(Duration.ofMillis(timeoutMillis), Duration.ofSeconds(2)));
        CountDownLatch block = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Recorder stuckLater = new Recorder() {
            @Override
            public void onMessage(Association association, Protocol protocol, ByteBuffer message) {
                if (message.remaining() < 1000) return;
                block.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Pair p = pair(impatient, Protocol.SSP, new Recorder(), stuckLater);
        try {
            // small writes for longer than the timeout: the watchdog is armed by writes long finished
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis + 700);
            while (System.nanoTime() < until) {
                p.client().send(Protocol.SSP, Messages.of(64, 1));
                Thread.sleep(1);
            }
            byte[] big = Messages.of(65535, 1);
            long[] lastStart = new long[1];
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> {
                for (int i = 0; i < 100_000; i++) {
                    lastStart[0] = System.nanoTime();
                    p.client().send(Protocol.SSP, big);
                }
            });
            long stuckMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastStart[0]);
            assertTrue(stuckMillis >= timeoutMillis - 50, "aborted after " + stuckMillis + " ms, not a full timeout: " + e);
            assertTrue(block.await(0, TimeUnit.SECONDS));
            p.clientEvents().awaitLost(p.client(), CommLost.Cause.SEND_TIMEOUT);
        } finally {
            release.countDown();
        }
        p.serverEvents().awaitLost(p.server(), CommLost.Cause.COMM_LOST);
    }

    @Test
    void sendsDoNotScheduleATimerTaskEach() throws Exception {
        Pair p = pair(Protocol.ASAP);
        p.client().send(Protocol.ASAP, Messages.of(8, 1));
        p.serverEvents().nextMessage();
        long before = AbstractAssociation.timerTasksScheduled();
        for (int i = 0; i < 2000; i++) p.client().send(Protocol.ASAP, Messages.of(8, 1));
        for (int i = 0; i < 2000; i++) p.serverEvents().nextMessage();
        long scheduled = AbstractAssociation.timerTasksScheduled() - before;
        assertTrue(scheduled <= 10, scheduled + " timer tasks for 2000 sends");
    }

    // ---- paths

    @Test
    void setPrimaryPathTakesOnlyAPeerAddress() throws Exception {
        Pair p = pair(Protocol.ASAP);
        p.client().setPrimaryPath(p.client().remoteAddresses().get(0));
        assertThrows(IllegalArgumentException.class,
                () -> p.client().setPrimaryPath(new InetSocketAddress("127.0.0.9", 9)));
        p.client().send(Protocol.ASAP, Messages.of(8, 1));
        assertArrayEquals(Messages.of(8, 1), p.serverEvents().nextMessage().bytes());
    }
}
