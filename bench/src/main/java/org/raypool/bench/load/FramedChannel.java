package org.raypool.bench.load;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.raypool.transport.tls.Credentials;
import org.raypool.transport.tls.Role;
import org.raypool.transport.tls.TlsChannel;

/**
 * A blocking TCP connection speaking the [PROJECT] ASAP framing of docs/protocol/asap-enrp-wire.md §1.3 by hand:
 * messages back to back, each framed by the Length field of its common header and padded to 4 bytes on the stream. One
 * thread both writes and reads, so a load generator built on it costs one thread and no hand-offs per request, and the
 * echo server (the ceiling) is as plain as a server can be. With credentials the same framing runs inside mutual TLS
 * 1.3 (the project's {@link TlsChannel}, blocking after the handshake), as an authenticated user's client does
 * (docs/security.md).
 */
final class FramedChannel implements AutoCloseable {
    /** One frame: a 65535-byte message plus padding. */
    private static final int BUFFER = 65536 + 4;

    private static final long HANDSHAKE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final SocketChannel socket;
    /** The socket itself, or the TLS channel over it. */
    private final ByteChannel channel;
    private final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER);

    FramedChannel(SocketChannel socket) throws IOException {
        this(socket, null);
    }

    /** Over {@code socket} (blocking from now on), through {@code tls} when not null. */
    private FramedChannel(SocketChannel socket, Credentials tls) throws IOException {
        this.socket = socket;
        socket.configureBlocking(true);
        socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
        this.channel = tls == null ? socket : TlsChannel.handshake(socket,
                tls.engine(true, Set.of(Role.REGISTRAR)), System.nanoTime() + HANDSHAKE_TIMEOUT_NANOS);
        in.flip();
    }

    static FramedChannel connect(InetSocketAddress address) throws IOException {
        return connect(address, null);
    }

    /** Connects to {@code address}; with {@code tls} (not null) runs the TLS handshake to a registrar first. */
    static FramedChannel connect(InetSocketAddress address, Credentials tls) throws IOException {
        SocketChannel socket = SocketChannel.open();
        try {
            socket.connect(address);
            return new FramedChannel(socket, tls);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    static int padding(int length) {
        return (4 - length % 4) % 4;
    }

    /** The message as it goes on the stream (with padding), in a direct buffer ready for {@link #write}. */
    static ByteBuffer frame(byte[] message) {
        int length = ((message[2] & 0xFF) << 8) | (message[3] & 0xFF);
        if (length != message.length) {
            throw new IllegalArgumentException("Length field " + length + " but " + message.length + " bytes");
        }
        ByteBuffer frame = ByteBuffer.allocateDirect(length + padding(length));
        frame.put(message).position(frame.capacity()).flip();
        return frame;
    }

    /** Writes the frame's remaining bytes; the buffer's position is not changed. */
    void write(ByteBuffer frame) throws IOException {
        ByteBuffer out = frame.duplicate();
        while (out.hasRemaining()) channel.write(out);
    }

    /**
     * The next frame (message and padding) as a view valid until the next call: position 0, limit = the frame's
     * end, so {@code getShort(2)} is the message length and writing it back echoes the frame as it arrived.
     *
     * @throws EOFException when the peer closes the connection
     */
    ByteBuffer next() throws IOException {
        fill(4);
        int length = in.getShort(in.position() + 2) & 0xFFFF;
        if (length < 4) throw new IOException("frame Length " + length + " < 4");
        int frame = length + padding(length);
        fill(frame);
        ByteBuffer view = in.slice(in.position(), frame);
        in.position(in.position() + frame);
        return view;
    }

    private void fill(int n) throws IOException {
        if (in.remaining() >= n) return;
        in.compact();
        try {
            while (in.position() < n) {
                if (channel.read(in) < 0) throw new EOFException("connection closed by the peer");
            }
        } finally {
            in.flip();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
