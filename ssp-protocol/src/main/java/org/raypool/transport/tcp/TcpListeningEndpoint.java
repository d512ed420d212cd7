package org.raypool.transport.tcp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.transport.TransportOptions;
import org.raypool.wire.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** TCP has no multi-homing: one server socket per local address, all on the same port, one acceptor each. */
final class TcpListeningEndpoint implements ListeningEndpoint {

    private static final Logger log = LoggerFactory.getLogger(TcpListeningEndpoint.class);
    private static final int BACKLOG = 128;

    private final List<ServerSocketChannel> sockets;
    private final List<InetSocketAddress> bound;
    private final Protocol protocol;
    private final AssociationListener listener;
    private final TransportOptions options;
    private final List<Thread> acceptors = new ArrayList<>();
    private volatile boolean open = true;

    private TcpListeningEndpoint(List<ServerSocketChannel> sockets, List<InetSocketAddress> bound, Protocol protocol,
                                 AssociationListener listener, TransportOptions options) {
        this.sockets = sockets;
        this.bound = bound;
        this.protocol = protocol;
        this.listener = listener;
        this.options = options;
    }

    static TcpListeningEndpoint open(List<InetSocketAddress> local, Protocol protocol, AssociationListener listener,
                                     TransportOptions options) throws IOException {
        int port = local.get(0).getPort();
        List<ServerSocketChannel> sockets = new ArrayList<>();
        List<InetSocketAddress> bound = new ArrayList<>();
        try {
            for (InetSocketAddress address : local) {
                ServerSocketChannel socket = ServerSocketChannel.open();
                sockets.add(socket);
                socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
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
                listener, options);
        for (ServerSocketChannel socket : sockets) {
            Thread acceptor = new Thread(() -> endpoint.acceptLoop(socket),
                    "tcp-listen-" + protocol + "-" + socket.socket().getLocalSocketAddress());
            acceptor.setDaemon(true);
            endpoint.acceptors.add(acceptor);
            acceptor.start();
        }
        log.info("tcp listening on {} for {}", bound, protocol);
        return endpoint;
    }

    private void acceptLoop(ServerSocketChannel socket) {
        while (open) {
            SocketChannel channel;
            try {
                channel = socket.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!open) return;
                log.warn("tcp accept on {} failed: {}; retrying", bound, e.toString());
                pause();
                continue;
            }
            if (!open) {
                // accepted in the instant between close() and the socket really closing
                abort(channel);
                return;
            }
            try {
                new TcpAssociation(channel, protocol, listener, options).start();
            } catch (IOException | RuntimeException e) {
                log.warn("tcp could not set up an accepted connection: {}", e.toString());
                abort(channel);
            }
        }
    }

    private static void abort(SocketChannel channel) {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do for a connection nobody has seen
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public List<InetSocketAddress> localAddresses() {
        return bound;
    }

    @Override
    public Set<Protocol> protocols() {
        return Set.of(protocol);
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        if (!open) return;
        open = false;
        for (ServerSocketChannel socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("tcp close of {} failed: {}", socket, e.toString());
            }
        }
        // the kernel keeps a socket that an accept() still blocks on: wait for the acceptors to leave it
        for (Thread acceptor : acceptors) {
            if (acceptor == Thread.currentThread()) continue;
            try {
                acceptor.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        log.info("tcp stopped listening on {}", bound);
    }

    @Override
    public String toString() {
        return "tcp-listen" + bound + protocol;
    }
}
