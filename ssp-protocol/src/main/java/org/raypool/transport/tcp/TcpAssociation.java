package org.raypool.transport.tcp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.raypool.transport.AbstractAssociation;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.IoLoop;
import org.raypool.transport.TransportOptions;
import org.raypool.transport.tls.PeerIdentity;
import org.raypool.transport.tls.TlsChannel;
import org.raypool.wire.Protocol;

/**
 * One TCP connection carrying one protocol with the [PROJECT] raw framing of docs/protocol/asap-enrp-wire.md §1.3:
 * messages back to back as they would sit in an SCTP DATA chunk, each framed by the Length of its common header, ASAP
 * and ENRP padded to 4 bytes on the stream.
 */
public final class TcpAssociation extends AbstractAssociation {

    private final SocketChannel channel;
    /** TLS over the channel (docs/security.md), or null in open mode. */
    private final TlsChannel tls;
    /** Where the bytes go: the channel, or TLS over it. */
    private final ByteChannel io;
    private final Protocol protocol;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    /** Loop mode: the start of a frame that has not fully arrived yet, or null. */
    private ByteBuffer partial;

    TcpAssociation(SocketChannel channel, TlsChannel tls, Protocol protocol, AssociationListener listener,
                   TransportOptions options, IoLoop loop) throws IOException {
        super("tcp", Set.of(protocol), listener, options, loop);
        this.channel = channel;
        this.tls = tls;
        this.io = tls == null ? channel : tls;
        this.protocol = protocol;
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.remote = (InetSocketAddress) channel.getRemoteAddress();
    }

    /** Padding after a message of {@code length} bytes on the stream (rule 2). */
    static int padding(Protocol protocol, int length) {
        return protocol.padded() && length % 4 != 0 ? 4 - length % 4 : 0;
    }

    @Override
    protected void readLoop() throws IOException {
        // one frame (65535 + 1 padding byte) always fits, so every message is read with few system calls
        ByteBuffer in = ByteBuffer.allocate(MAX_MESSAGE_SIZE);
        in.flip();
        while (true) {
            if (!fill(in, 4, true)) return;
            fill(in, frameSize(in), false);
            deliverFrame(in);
        }
    }

    /** The size on the stream of the frame starting at {@code in}'s position (4 bytes of it available). */
    private int frameSize(ByteBuffer in) throws ProtocolViolationException {
        int length = in.getShort(in.position() + 2) & 0xFFFF;
        if (length < 4) {
            throw new ProtocolViolationException("frame Length " + length + " < 4");
        }
        return length + padding(protocol, length);
    }

    /** Delivers a copy of the whole frame at {@code in}'s position and moves past it. */
    private void deliverFrame(ByteBuffer in) throws ProtocolViolationException {
        int length = in.getShort(in.position() + 2) & 0xFFFF;
        ByteBuffer message = ByteBuffer.allocate(length);
        message.put(in.slice(in.position(), length)).flip();
        in.position(in.position() + length + padding(protocol, length));
        deliver(protocol, message);
    }

    @Override
    protected boolean readAvailable(ByteBuffer in) throws IOException {
        if (partial != null) {
            in.put(partial);
            partial = null;
        }
        while (true) {
            int n = io.read(in);
            if (n < 0) {
                if (in.position() == 0) return false;
                throw new ProtocolViolationException("stream ended inside a frame (" + in.position() + " bytes)");
            }
            boolean full = !in.hasRemaining();
            in.flip();
            while (in.remaining() >= 4 && in.remaining() >= frameSize(in)) {
                deliverFrame(in);
            }
            in.compact();
            // a full buffer may have left more in the socket; otherwise wait for the next readiness
            if (!full) break;
        }
        in.flip();
        if (in.hasRemaining()) partial = ByteBuffer.allocate(in.remaining()).put(in).flip();
        return true;
    }

    /**
     * Makes {@code n} bytes available in {@code in} (read mode). Returns false on a clean end of stream before a
     * frame starts; a stream ending inside a frame is a truncated message.
     */
    private boolean fill(ByteBuffer in, int n, boolean atFrameStart) throws IOException {
        if (in.remaining() >= n) return true;
        in.compact();
        try {
            while (in.position() < n) {
                if (io.read(in) < 0) {
                    if (atFrameStart && in.position() == 0) return false;
                    throw new ProtocolViolationException("stream ended inside a frame (" + in.position() + " of "
                            + n + " bytes)");
                }
            }
        } finally {
            in.flip();
        }
        return true;
    }

    @Override
    protected ByteBuffer frame(Protocol protocol, ByteBuffer message) {
        int pad = padding(protocol, message.remaining());
        if (pad == 0) return message;
        ByteBuffer frame = ByteBuffer.allocate(message.remaining() + pad);
        return frame.put(message).position(frame.capacity()).flip();
    }

    @Override
    protected void write(Protocol protocol, ByteBuffer message) throws IOException {
        ByteBuffer frame = frame(protocol, message);
        // one write per frame (rule 5): with TCP_NODELAY a small message is one segment
        while (frame.hasRemaining()) {
            io.write(frame);
        }
    }

    @Override
    protected boolean tryWrite(Protocol protocol, ByteBuffer frame) throws IOException {
        while (frame.hasRemaining()) {
            if (io.write(frame) == 0) return false;
        }
        return tls == null || tls.flush();
    }

    @Override
    protected SelectableChannel selectable() {
        return channel;
    }

    @Override
    protected void shutdownOutput() throws IOException {
        if (tls != null) {
            tls.shutdownOutput();
        } else {
            channel.shutdownOutput();
        }
    }

    @Override
    protected void closeSocket(boolean abortive) {
        closeChannel(channel, abortive, () -> channel.setOption(StandardSocketOptions.SO_LINGER, 0));
    }

    @Override
    protected boolean hasBufferedInput() {
        return tls != null && tls.hasBufferedInput();
    }

    @Override
    public Optional<PeerIdentity> peerIdentity() {
        return tls == null ? Optional.empty() : Optional.of(tls.peer());
    }

    @Override
    protected void setPrimary(InetSocketAddress remote) {
        // one path only: nothing to choose
    }

    @Override
    public List<InetSocketAddress> localAddresses() {
        return List.of(local);
    }

    @Override
    public List<InetSocketAddress> remoteAddresses() {
        return List.of(remote);
    }
}
