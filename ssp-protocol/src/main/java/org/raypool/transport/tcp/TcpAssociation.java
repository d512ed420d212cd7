package org.raypool.transport.tcp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import org.raypool.transport.AbstractAssociation;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.TransportOptions;
import org.raypool.wire.Protocol;

/**
 * One TCP connection carrying one protocol with the [PROJECT] raw framing of spec wire §1.3: messages back to
 * back as they would sit in an SCTP DATA chunk, each framed by the Length of its common header, ASAP and ENRP
 * padded to 4 bytes on the stream.
 */
public final class TcpAssociation extends AbstractAssociation {

    private final SocketChannel channel;
    private final Protocol protocol;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;

    TcpAssociation(SocketChannel channel, Protocol protocol, AssociationListener listener, TransportOptions options)
            throws IOException {
        super("tcp", Set.of(protocol), listener, options);
        this.channel = channel;
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
            int length = in.getShort(in.position() + 2) & 0xFFFF;
            if (length < 4) {
                throw new ProtocolViolationException("frame Length " + length + " < 4");
            }
            int frame = length + padding(protocol, length);
            fill(in, frame, false);
            ByteBuffer message = ByteBuffer.allocate(length);
            message.put(in.slice(in.position(), length)).flip();
            in.position(in.position() + frame);
            deliver(protocol, message);
        }
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
                if (channel.read(in) < 0) {
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
    protected void write(Protocol protocol, ByteBuffer message) throws IOException {
        int pad = padding(protocol, message.remaining());
        ByteBuffer frame = message;
        if (pad > 0) {
            frame = ByteBuffer.allocate(message.remaining() + pad);
            frame.put(message).position(frame.capacity()).flip();
        }
        // one write per frame (rule 5): with TCP_NODELAY a small message is one segment
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
    }

    @Override
    protected void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    protected void closeSocket(boolean abortive) {
        closeChannel(channel, abortive, () -> channel.setOption(StandardSocketOptions.SO_LINGER, 0));
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
