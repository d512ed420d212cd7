package org.raypool.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.raypool.wire.Protocol;

/**
 * What only the loop mode promises: every callback on the loop, and a send from the loop that never blocks it
 * (what the socket does not take waits in a queue, still bounded by the send timeout). Run by
 * {@code TcpLoopModeTest} and {@code SctpLoopModeTest}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class LoopModeContractTest {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final int REPLY = 60_000;

    @RegisterExtension
    final LoopTransports loops = new LoopTransports();
    private final CountDownLatch releaseClient = new CountDownLatch(1);
    private ListeningEndpoint endpoint;
    private Association client;

    /** The transport under test on {@code loop}; null for a reader thread per association. */
    protected abstract Transport transport(TransportOptions options, IoLoop loop);

    @AfterEach
    void cleanUp() {
        releaseClient.countDown();
        if (client != null) client.abort();
        if (endpoint != null) endpoint.close();
    }

    private Association connect(Transport transport, AssociationListener server, AssociationListener clientSide)
            throws IOException {
        endpoint = transport.listen(List.of(new InetSocketAddress("127.0.0.1", 0)), Set.of(Protocol.SSP), server);
        client = transport.connect(List.of(new InetSocketAddress("127.0.0.1", endpoint.port())), Set.of(Protocol.SSP),
                clientSide, CONNECT_TIMEOUT);
        return client;
    }

    /** Records the threads its callbacks ran on. */
    private static final class Threads extends Recorder {
        final Set<String> seen = ConcurrentHashMap.newKeySet();

        @Override
        public void onEstablished(Association association) {
            seen.add(Thread.currentThread().getName());
            super.onEstablished(association);
        }

        @Override
        public void onMessage(Association association, Protocol protocol, ByteBuffer message) {
            seen.add(Thread.currentThread().getName());
            super.onMessage(association, protocol, message);
        }

        @Override
        public void onCommLost(Association association, CommLost reason) {
            seen.add(Thread.currentThread().getName());
            super.onCommLost(association, reason);
        }
    }

    /** Answers every request with a {@value #REPLY}-byte message from its callback, i.e. from the loop. */
    private static final class Replier extends Recorder {
        final AtomicReference<Throwable> failed = new AtomicReference<>();

        @Override
        public void onMessage(Association association, Protocol protocol, ByteBuffer message) {
            int seq = message.getInt(8);
            super.onMessage(association, protocol, message);
            try {
                association.send(Protocol.SSP, Messages.of(REPLY, seq));
            } catch (IOException | RuntimeException e) {
                failed.compareAndSet(null, e);
            }
        }
    }

    /** Stops reading (its loop blocks) at the first message until the test releases it. */
    private final class StuckClient extends Recorder {
        @Override
        public void onMessage(Association association, Protocol protocol, ByteBuffer message) {
            try {
                releaseClient.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.onMessage(association, protocol, message);
        }
    }

    private Transport transport(TransportOptions options) {
        return loops.transport(loop -> transport(options, loop));
    }

    private void assertLoopRuns(IoLoop loop) throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        loop.execute(ran::countDown);
        assertTrue(ran.await(10, TimeUnit.SECONDS), loop + " is blocked");
    }

    @Test
    void everyCallbackRunsOnTheLoop() throws Exception {
        Threads server = new Threads();
        Threads clientSide = new Threads();
        Association c = connect(transport(TransportOptions.DEFAULTS), server, clientSide);
        Association s = server.nextEstablished();
        clientSide.nextEstablished();
        c.send(Protocol.SSP, Messages.of(20, 1));
        assertArrayEquals(Messages.of(20, 1), server.nextMessage().bytes());
        s.send(Protocol.SSP, Messages.of(24, 2));
        assertArrayEquals(Messages.of(24, 2), clientSide.nextMessage().bytes());
        c.close();
        server.awaitLost(s, CommLost.Cause.PEER_SHUTDOWN);
        clientSide.awaitLost(c, CommLost.Cause.LOCAL_CLOSE);
        assertEquals(Set.of(loops.server.toString()), server.seen);
        assertEquals(Set.of(loops.client.toString()), clientSide.seen);
    }

    /**
     * Connects a client that stops reading at the first reply to a server that replies {@value #REPLY} bytes
     * per request, and sends {@code requests} requests: far more replies than the socket buffers hold.
     */
    private Association stuckClientSends(int requests, Duration sendTimeout, Replier server, Recorder clientSide)
            throws IOException {
        Association c = connect(transport(new TransportOptions(sendTimeout, Duration.ofSeconds(2))), server,
                clientSide);
        for (int i = 0; i < requests; i++) c.send(Protocol.SSP, Messages.tagged(12, 0, i));
        return c;
    }

    @Test
    void repliesThePeerDoesNotReadYetWaitWithoutBlockingTheLoop() throws Exception {
        Replier server = new Replier();
        Recorder clientSide = new StuckClient();
        int requests = 100;
        Association c = stuckClientSends(requests, Duration.ofSeconds(60), server, clientSide);
        server.nextMessage();
        assertLoopRuns(loops.server);
        releaseClient.countDown();
        for (int i = 0; i < requests; i++) {
            assertArrayEquals(Messages.of(REPLY, i), clientSide.nextMessage().bytes(), "reply " + i);
        }
        assertEquals(null, server.failed.get());
        assertTrue(c.isOpen());
    }

    @Test
    void aReplyThatNeverLeavesTimesOutAndOnlyItsAssociationEnds() throws Exception {
        Replier server = new Replier();
        long start = System.nanoTime();
        stuckClientSends(100, Duration.ofMillis(1500), server, new StuckClient());
        Association s = server.nextEstablished();
        server.nextMessage();
        Recorder.Lost lost;
        do {
            lost = server.nextLost();
        } while (lost.association() != s);
        assertEquals(CommLost.Cause.SEND_TIMEOUT, lost.reason().cause(), () -> "reason " + server.lost);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(1400), "timed out too early");
        assertLoopRuns(loops.server);
        Threads other = new Threads();
        // the client loop is still stuck: the second client has a reader thread
        Association second = transport(TransportOptions.DEFAULTS, null).connect(
                List.of(new InetSocketAddress("127.0.0.1", endpoint.port())), Set.of(Protocol.SSP), other,
                CONNECT_TIMEOUT);
        try {
            second.send(Protocol.SSP, Messages.tagged(12, 1, 7));
            assertArrayEquals(Messages.of(REPLY, 7), other.nextMessage().bytes());
        } finally {
            second.abort();
        }
    }
}
