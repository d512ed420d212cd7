package org.raypool.transport.tcp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.raypool.transport.AbstractListeningEndpoint;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.IoLoop;
import org.raypool.transport.TransportOptions;
import org.raypool.wire.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** TCP has no multi-homing: one server socket per local address, all on the same port, one acceptor each. */
final class TcpListeningEndpoint extends AbstractListeningEndpoint<ServerSocketChannel, SocketChannel> {

    private static final Logger log = LoggerFactory.getLogger(TcpListeningEndpoint.class);
    private static final int BACKLOG = 128;

    private final List<ServerSocketChannel> sockets;
    private final Protocol protocol;
    private final IoLoop loop;

    private TcpListeningEndpoint(List<ServerSocketChannel> sockets, List<InetSocketAddress> bound, Protocol protocol,
                                 AssociationListener listener, TransportOptions options, IoLoop loop) {
        super("tcp", "connection", bound, Set.of(protocol), listener, options);
        this.sockets = sockets;
        this.protocol = protocol;
        this.loop = loop;
    }

    static TcpListeningEndpoint open(List<InetSocketAddress> local, Protocol protocol, AssociationListener listener,
                                     TransportOptions options, IoLoop loop, boolean reusePort) throws IOException {
        int port = local.get(0).getPort();
        List<ServerSocketChannel> sockets = new ArrayList<>();
        List<InetSocketAddress> bound = new ArrayList<>();
        try {
            for (InetSocketAddress address : local) {
                ServerSocketChannel socket = ServerSocketChannel.open();
                sockets.add(socket);
                socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                if (reusePort) socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                InetSocketAddress at = new InetSocketAddress(address.getAddress(), port);
                try {
                    socket.bind(at, BACKLOG);
                } catch (IOException e) {
                    throw new IOException("tcp listen on " + at + " failed: " + e.getMessage(), e);
                }
                InetSocketAddress actual = (InetSocketAddress) socket.getLocalAddress();
                port = actual.getPort();
                bound.add(actual);
            }
        } catch (IOException | RuntimeException e) {
            for (ServerSocketChannel socket : sockets) socket.close();
            throw e;
        }
        TcpListeningEndpoint endpoint = new TcpListeningEndpoint(List.copyOf(sockets), List.copyOf(bound), protocol,
                listener, options, loop);
        for (ServerSocketChannel socket : sockets) {
            endpoint.startAcceptor(socket, "tcp-listen-" + protocol + "-" + socket.socket().getLocalSocketAddress());
        }
        log.info("tcp listening on {} for {}", bound, protocol);
        return endpoint;
    }

    @Override
    protected SocketChannel accept(ServerSocketChannel socket) throws IOException {
        return socket.accept();
    }

    @Override
    protected void startAssociation(SocketChannel channel, AssociationListener listener, TransportOptions options)
            throws IOException {
        new TcpAssociation(channel, protocol, listener, options, loop).start();
    }

    @Override
    protected void abort(SocketChannel channel) {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do for a connection nobody has seen
        }
    }

    @Override
    protected boolean continueAfterInterruptedPause() {
        Thread.currentThread().interrupt();
        return true;
    }

    @Override
    protected void closeSockets() {
        for (ServerSocketChannel socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("tcp close of {} failed: {}", socket, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "tcp-listen" + localAddresses() + protocol;
    }
}
