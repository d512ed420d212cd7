package org.raypool.transport.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.raypool.transport.AbstractListeningEndpoint;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.IoLoop;
import org.raypool.transport.TransportOptions;
import org.raypool.transport.tls.HandshakeGate;
import org.raypool.transport.tls.LogThrottle;
import org.raypool.transport.tls.TlsChannel;
import org.raypool.transport.tls.TlsPolicy;
import org.raypool.wire.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** TCP has no multi-homing: one server socket per local address, all on the same port, one acceptor each. */
final class TcpListeningEndpoint extends AbstractListeningEndpoint<ServerSocketChannel, SocketChannel> {

    private static final Logger log = LoggerFactory.getLogger(TcpListeningEndpoint.class);
    private static final int BACKLOG = 128;
    /** One line at most this often for connections refused by the handshake bounds. */
    private static final long REFUSAL_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * TLS handshakes of accepted connections run here, never on the acceptor or an {@link IoLoop}; each endpoint's
     * {@link HandshakeGate} bounds how many threads it holds.
     */
    private static final ExecutorService handshakes = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tls-handshake");
        t.setDaemon(true);
        return t;
    });

    private final List<ServerSocketChannel> sockets;
    private final Protocol protocol;
    private final IoLoop loop;
    private final TlsPolicy tls;
    /** Guarded by itself, as is {@link #refusals}; null in open mode. */
    private final HandshakeGate gate;
    private final LogThrottle refusals = new LogThrottle(REFUSAL_LOG_INTERVAL_NANOS);

    private TcpListeningEndpoint(List<ServerSocketChannel> sockets, List<InetSocketAddress> bound, Protocol protocol,
                                 AssociationListener listener, TransportOptions options, IoLoop loop, TlsPolicy tls) {
        super("tcp", "connection", bound, Set.of(protocol), listener, options);
        this.sockets = sockets;
        this.protocol = protocol;
        this.loop = loop;
        this.tls = tls;
        this.gate = tls == null ? null : new HandshakeGate(tls.handshakes());
    }

    static TcpListeningEndpoint open(List<InetSocketAddress> local, Protocol protocol, AssociationListener listener,
                                     TransportOptions options, IoLoop loop, TlsPolicy tls, boolean reusePort)
            throws IOException {
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
                listener, options, loop, tls);
        for (ServerSocketChannel socket : sockets) {
            endpoint.startAcceptor(socket, "tcp-listen-" + protocol + "-" + socket.socket().getLocalSocketAddress());
        }
        log.info("tcp listening on {} for {}{}", bound, protocol,
                tls == null ? "" : " with TLS, accepting " + tls.accepted());
        return endpoint;
    }

    @Override
    protected SocketChannel accept(ServerSocketChannel socket) throws IOException {
        return socket.accept();
    }

    @Override
    protected void startAssociation(SocketChannel channel, AssociationListener listener, TransportOptions options)
            throws IOException {
        if (tls == null) {
            new TcpAssociation(channel, null, protocol, listener, options, loop).start();
            return;
        }
        InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
        InetAddress from = remote.getAddress();
        Optional<String> refused;
        synchronized (gate) {
            refused = gate.enter(from);
        }
        if (refused.isPresent()) {
            // the handshake bounds (docs/security.md): closed at once, before any TLS byte, with a line now and then
            abort(channel);
            OptionalLong leftOut;
            synchronized (refusals) {
                leftOut = refusals.line(System.nanoTime());
            }
            if (leftOut.isPresent()) {
                log.warn("tls refused the {} connection from {}: {}{}", protocol, remote, refused.get(),
                        leftOut.getAsLong() == 0 ? "" : "; " + leftOut.getAsLong()
                                + " more refused since the last such line");
            }
            return;
        }
        long deadline = System.nanoTime() + tls.handshakes().timeout().toNanos();
        try {
            handshakes.execute(() -> {
                try {
                    secure(channel, String.valueOf(remote), deadline, listener, options);
                } finally {
                    synchronized (gate) {
                        gate.leave(from);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            synchronized (gate) {
                gate.leave(from);
            }
            throw new IOException("no thread for the TLS handshake: " + e.getMessage(), e);
        }
    }

    /**
     * The handshake of an accepted connection, done by {@code deadline} ({@link System#nanoTime}, from the accept);
     * a refused one is one log line naming the peer and why.
     */
    private void secure(SocketChannel channel, String peer, long deadline, AssociationListener listener,
                        TransportOptions options) {
        try {
            TlsChannel secured = TlsChannel.handshake(channel, tls.credentials().engine(false, tls.accepted()),
                    deadline);
            if (!isOpen()) {
                abort(channel);
                return;
            }
            new TcpAssociation(channel, secured, protocol, listener, options, loop).start();
        } catch (IOException | RuntimeException e) {
            log.warn("tls refused the {} connection from {}: {}", protocol, peer, why(e));
            abort(channel);
        }
    }

    /** The reason for a failed handshake in words an admin can act on. */
    static String why(Exception e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof SSLException && message.contains("nrecognized SSL message")) {
            return "not TLS (a plain connection: the peer runs without --credentials?)";
        }
        if (e instanceof SSLException && message.startsWith("Unexpected content")) {
            // SunJSSE's words when a TLS 1.3 client gives up after our certificate (compatibility CCS, then alert)
            return "the peer ended the handshake (does it trust our CA and our role?)";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String rootMessage = String.valueOf(root.getMessage());
        return root == e || message.contains(rootMessage) ? message : message + " (" + rootMessage + ")";
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
