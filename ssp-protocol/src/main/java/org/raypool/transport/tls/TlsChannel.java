package org.raypool.transport.tls;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * TLS records over a TCP socket channel, as a {@link ByteChannel} of plaintext for the TCP transport. The
 * handshake is done by {@link #handshake} before the association starts, on the connecting or a handshake thread,
 * never on an {@link org.raypool.transport.IoLoop}; afterwards reads and writes follow the channel's mode: a
 * non-blocking channel never blocks here (what the socket does not take stays in {@link #flush}'s buffer). Not for
 * application use.
 */
public final class TlsChannel implements ByteChannel {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    private final PeerIdentity peer;
    /** Records from the socket not yet unwrapped (write mode). */
    private final ByteBuffer netIn;
    /** Plaintext unwrapped, not yet read (read mode). */
    private final ByteBuffer appIn;
    /** Records wrapped, not yet written (read mode); guarded by the write lock. */
    private final ByteBuffer netOut;
    private final ReentrantLock writeLock = new ReentrantLock();

    private TlsChannel(SocketChannel channel, SSLEngine engine, ByteBuffer netIn, ByteBuffer appIn, ByteBuffer netOut,
                       PeerIdentity peer) {
        this.channel = channel;
        this.engine = engine;
        this.netIn = netIn;
        this.appIn = appIn;
        this.netOut = netOut;
        this.peer = peer;
    }

    /**
     * Runs the TLS 1.3 handshake on {@code channel} (blocking or not; it is left as it was) until done or
     * {@code deadline} ({@link System#nanoTime}). The peer's certificate chain and role are checked by the
     * engine's trust manager ({@link Credentials}); a failure is an {@link SSLException} saying why.
     */
    public static TlsChannel handshake(SocketChannel channel, SSLEngine engine, long deadline) throws IOException {
        int packet = engine.getSession().getPacketBufferSize();
        ByteBuffer netIn = ByteBuffer.allocate(packet);
        ByteBuffer appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
        ByteBuffer netOut = ByteBuffer.allocate(packet).flip();
        // each flight is several small writes: Nagle's wait for the peer's delayed ACK cost 40 ms per flight
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        boolean blocking = channel.isBlocking();
        channel.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            SelectionKey key = channel.register(selector, 0);
            engine.beginHandshake();
            HandshakeStatus status = engine.getHandshakeStatus();
            try {
                while (status != HandshakeStatus.FINISHED && status != HandshakeStatus.NOT_HANDSHAKING) {
                    switch (status) {
                        case NEED_WRAP -> {
                            SSLEngineResult r = wrap(engine, EMPTY, netOut);
                            flushBefore(channel, netOut, key, deadline);
                            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                                throw new SSLException("the handshake was closed");
                            }
                            status = r.getHandshakeStatus();
                        }
                        case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                            SSLEngineResult r = unwrap(engine, netIn, appIn);
                            switch (r.getStatus()) {
                                case BUFFER_UNDERFLOW -> readBefore(channel, netIn, key, deadline);
                                case CLOSED -> throw new SSLException("the peer closed the handshake");
                                default -> status = r.getHandshakeStatus();
                            }
                        }
                        case NEED_TASK -> {
                            runTasks(engine);
                            status = engine.getHandshakeStatus();
                        }
                        default -> throw new SSLException("unexpected handshake status " + status);
                    }
                }
                flushBefore(channel, netOut, key, deadline);
            } catch (SSLException e) {
                sendAlert(channel, engine, netOut);
                throw e;
            }
        } finally {
            channel.configureBlocking(blocking);
        }
        PeerIdentity peer;
        try {
            peer = PeerIdentity.of((X509Certificate) engine.getSession().getPeerCertificates()[0]);
        } catch (SSLPeerUnverifiedException | CertificateException e) {
            throw new SSLException("no usable peer certificate: " + e.getMessage(), e);
        }
        return new TlsChannel(channel, engine, netIn, appIn, netOut, peer);
    }

    /** Unwraps from {@code netIn} (write mode) into {@code appIn} (read mode); both stay in their modes. */
    private static SSLEngineResult unwrap(SSLEngine engine, ByteBuffer netIn, ByteBuffer appIn) throws SSLException {
        netIn.flip();
        appIn.compact();
        try {
            return engine.unwrap(netIn, appIn);
        } finally {
            appIn.flip();
            netIn.compact();
        }
    }

    /** Wraps {@code src} into {@code netOut} (read mode, stays so). */
    private static SSLEngineResult wrap(SSLEngine engine, ByteBuffer src, ByteBuffer netOut) throws SSLException {
        netOut.compact();
        try {
            return engine.wrap(src, netOut);
        } finally {
            netOut.flip();
        }
    }

    private static void runTasks(SSLEngine engine) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) task.run();
    }

    /** Best effort: the alert the engine made for a failed handshake tells the peer why. */
    private static void sendAlert(SocketChannel channel, SSLEngine engine, ByteBuffer netOut) {
        try {
            engine.closeOutbound();
            wrap(engine, EMPTY, netOut);
            channel.write(netOut);
        } catch (IOException | RuntimeException ignored) {
            // the handshake failed anyway
        }
    }

    private static long waitMillis(long deadline) throws SocketTimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new SocketTimeoutException("TLS handshake not done in time");
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
    }

    private static void flushBefore(SocketChannel channel, ByteBuffer out, SelectionKey key, long deadline)
            throws IOException {
        while (out.hasRemaining()) {
            if (channel.write(out) > 0) continue;
            key.interestOps(SelectionKey.OP_WRITE);
            key.selector().select(waitMillis(deadline));
        }
    }

    private static void readBefore(SocketChannel channel, ByteBuffer in, SelectionKey key, long deadline)
            throws IOException {
        if (!in.hasRemaining()) throw new SSLException("TLS record larger than " + in.capacity() + " bytes");
        while (true) {
            int n = channel.read(in);
            if (n < 0) throw new EOFException("the peer closed the connection during the TLS handshake");
            if (n > 0) return;
            key.interestOps(SelectionKey.OP_READ);
            key.selector().select(waitMillis(deadline));
        }
    }

    /** The verified identity of the peer. */
    public PeerIdentity peer() {
        return peer;
    }

    /** True while plaintext or records are buffered here that a read would return without the socket. */
    public boolean hasBufferedInput() {
        return appIn.hasRemaining() || netIn.position() > 0;
    }

    /**
     * Reads plaintext into {@code dst}: what is buffered, then from the socket while {@code dst} has room and the
     * socket has data (a blocking channel blocks only while nothing has been read). -1 at the end of the stream.
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            total += drain(dst);
            if (!dst.hasRemaining()) break;
            if (netIn.position() > 0) {
                SSLEngineResult r = unwrap(engine, netIn, appIn);
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) return total > 0 ? total : -1;
                afterUnwrap(r.getHandshakeStatus());
                if (r.getStatus() == SSLEngineResult.Status.OK) continue;
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) continue; // drained next round
                if (!netIn.hasRemaining()) throw new SSLException("TLS record larger than " + netIn.capacity());
            }
            if (total > 0 && channel.isBlocking()) break;
            int n = channel.read(netIn);
            if (n < 0) return total > 0 ? total : -1;
            if (n == 0) break;
        }
        return total;
    }

    private int drain(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), appIn.remaining());
        if (n == 0) return 0;
        dst.put(appIn.slice(appIn.position(), n));
        appIn.position(appIn.position() + n);
        return n;
    }

    /** Post-handshake messages (TLS 1.3 NewSessionTicket, KeyUpdate) may need a task or an answer. */
    private void afterUnwrap(HandshakeStatus status) throws IOException {
        if (status == HandshakeStatus.NEED_TASK) runTasks(engine);
        if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) sendControl();
    }

    /** Wraps and sends what the engine has to say on its own (a handshake answer, close_notify), best effort. */
    private void sendControl() throws IOException {
        writeLock.lock();
        try {
            if (flush()) {
                wrap(engine, EMPTY, netOut);
                flush();
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Encrypts and writes {@code src}, a record at a time; returns the plaintext bytes taken. On a non-blocking
     * channel the last record may still be buffered: {@link #flush} until it returns true.
     */
    @Override
    public int write(ByteBuffer src) throws IOException {
        writeLock.lock();
        try {
            int taken = 0;
            while (flush() && src.hasRemaining()) {
                SSLEngineResult r = wrap(engine, src, netOut);
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) throw new ClosedChannelException();
                taken += r.bytesConsumed();
            }
            return taken;
        } finally {
            writeLock.unlock();
        }
    }

    /** Writes buffered records; true when none is left. */
    public boolean flush() throws IOException {
        writeLock.lock();
        try {
            while (netOut.hasRemaining()) {
                if (channel.write(netOut) == 0) return false;
            }
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    /** Sends close_notify (best effort on a non-blocking channel), then ends our direction of the socket. */
    public void shutdownOutput() throws IOException {
        engine.closeOutbound();
        sendControl();
        channel.shutdownOutput();
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
