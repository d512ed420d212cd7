package org.raypool.worker.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.raypool.transport.Association;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.CommLost;
import org.raypool.transport.Transports;
import org.raypool.wire.Protocol;
import org.raypool.wire.ProtocolException;
import org.raypool.wire.ssp.Download;
import org.raypool.wire.ssp.KeepAlive;
import org.raypool.wire.ssp.KeepAliveAck;
import org.raypool.wire.ssp.SspCodec;
import org.raypool.wire.ssp.SspMessage;
import org.raypool.wire.ssp.Status;
import org.raypool.wire.ssp.Upload;

/**
 * A pool user reduced to raw SSP messages over loopback TCP, for driving a worker's sessions step by step.
 * Keep-Alives from the worker are answered (RSPLIB PU style, 4-byte Ack) unless {@link #answerKeepAlives} is off.
 */
public final class SspTestClient implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(20);

    private final BlockingQueue<SspMessage> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<CommLost> lost = new CompletableFuture<>();
    private final AtomicInteger keepAlivesSeen = new AtomicInteger();
    private volatile boolean answerKeepAlives = true;
    private List<Integer> downloadChunks = List.of();
    private final Association association;

    private SspTestClient(int port) throws IOException {
        association = Transports.forName("tcp").connect(List.of(new InetSocketAddress("127.0.0.1", port)),
                Protocol.SSP, new AssociationListener() {
                    @Override
                    public void onMessage(Association a, Protocol protocol, ByteBuffer message) {
                        SspMessage m;
                        try {
                            m = SspCodec.INSTANCE.decode(message);
                        } catch (ProtocolException e) {
                            throw new IllegalStateException(e);
                        }
                        if (m instanceof KeepAlive) {
                            keepAlivesSeen.incrementAndGet();
                            if (answerKeepAlives) {
                                try {
                                    a.send(Protocol.SSP, SspCodec.INSTANCE.encode(KeepAliveAck.ofPoolUser()));
                                } catch (IOException e) {
                                    // the test sees the loss
                                }
                            }
                        }
                        received.add(m);
                    }

                    @Override
                    public void onCommLost(Association a, CommLost reason) {
                        lost.complete(reason);
                    }
                }, Duration.ofSeconds(5));
    }

    public static SspTestClient connect(int port) throws IOException {
        return new SspTestClient(port);
    }

    public void answerKeepAlives(boolean value) {
        answerKeepAlives = value;
    }

    /** Keep-Alives the worker sent so far. */
    public int keepAlivesSeen() {
        return keepAlivesSeen.get();
    }

    public void send(SspMessage message) throws IOException {
        association.send(Protocol.SSP, SspCodec.INSTANCE.encode(message));
    }

    /** Uploads a file as RSPLIB ≥ 2015 does: 16384-byte chunks and one empty Upload. */
    public void upload(byte[] file) throws IOException {
        for (int at = 0; at < file.length; at += SspCodec.MAX_CHUNK) {
            send(new Upload(Arrays.copyOfRange(file, at, Math.min(file.length, at + SspCodec.MAX_CHUNK))));
        }
        send(Upload.endOfFile());
    }

    /** The next message of any type. */
    public SspMessage next(Duration timeout) throws InterruptedException {
        SspMessage m = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new AssertionError("no SSP message within " + timeout.toMillis() + " ms"
                    + (lost.isDone() ? "; association lost: " + lost.getNow(null) : ""));
        }
        return m;
    }

    /** The next message that is not part of the keep-alive exchange, which must be a {@code type}. */
    public <T extends SspMessage> T expect(Class<T> type) throws InterruptedException {
        while (true) {
            SspMessage m = next(WAIT);
            if (type.isInstance(m) || !(m instanceof KeepAlive || m instanceof KeepAliveAck)) {
                return assertInstanceOf(type, m);
            }
        }
    }

    /** The final Status (keep-alives skipped). */
    public int expectStatus() throws InterruptedException {
        return expect(Status.class).status();
    }

    /** Downloads until the empty Download; keep-alive messages in between are skipped. */
    public byte[] download() throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> chunks = new ArrayList<>();
        while (true) {
            Download d = expect(Download.class);
            chunks.add(d.dataLength());
            if (d.isEndOfFile()) {
                downloadChunks = List.copyOf(chunks);
                return out.toByteArray();
            }
            out.writeBytes(d.data());
        }
    }

    /** The data sizes of the last download's Download messages, the closing empty one included. */
    public List<Integer> downloadChunks() {
        return downloadChunks;
    }

    /** How the association ended; fails if it is still up after {@code timeout}. */
    public CommLost awaitLost(Duration timeout) throws Exception {
        try {
            return lost.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the association is still up after " + timeout.toMillis() + " ms");
        }
    }

    public boolean isLost() {
        return lost.isDone();
    }

    /** Messages received and not yet taken. */
    public List<SspMessage> pending() {
        return List.copyOf(received);
    }

    /** The worker ended the session with an abort (TCP RST) rather than a graceful close. */
    public static void assertAborted(CommLost reason) {
        assertEquals(CommLost.Cause.COMM_LOST, reason.cause(), "expected an abort, got " + reason);
    }

    @Override
    public void close() {
        association.abort();
    }
}
