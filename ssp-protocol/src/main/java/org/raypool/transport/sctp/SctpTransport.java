package org.raypool.transport.sctp;

import com.sun.nio.sctp.SctpChannel;
import com.sun.nio.sctp.SctpStandardSocketOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.raypool.transport.Association;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.Connecting;
import org.raypool.transport.IoLoop;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.transport.Transport;
import org.raypool.transport.TransportOptions;
import org.raypool.wire.Protocol;

/**
 * SCTP through jdk.sctp, as RSPLIB speaks it: PPID per protocol, stream 0, NODELAY, multi-homed binds.
 * One-to-one sockets (one channel per association) rather than RSPLIB's one-to-many socket: the wire is the
 * same, and each association gets its own reader (a thread, or its turn in an {@link IoLoop}), send lock and
 * clean end. The one exception is a client port ({@link #listenOnClientPort}): a one-to-many socket whose
 * associations are branched off into one-to-one channels as they come up ({@link SctpClientPort}).
 */
public final class SctpTransport implements Transport {

    private static final int SOCKET_BUFFER = 256 * 1024;

    private final TransportOptions options;
    private final IoLoop loop;
    private final Map<Integer, SctpClientPort> clientPorts = new ConcurrentHashMap<>();

    /**
     * Every association gets its own reader thread.
     *
     * @throws IllegalStateException if this kernel or JDK has no SCTP; see {@link #unavailableReason()}
     */
    public SctpTransport(TransportOptions options) {
        this(options, null);
    }

    /**
     * Every association is read, written and called back on {@code loop}; null for a reader thread each.
     *
     * @throws IllegalStateException if this kernel or JDK has no SCTP; see {@link #unavailableReason()}
     */
    public SctpTransport(TransportOptions options, IoLoop loop) {
        String reason = unavailableReason();
        if (reason != null) {
            throw new IllegalStateException("SCTP transport requested but not available: " + reason
                    + ". Load the kernel module (modprobe sctp) or use --transport tcp");
        }
        this.options = options;
        this.loop = loop;
    }

    public SctpTransport() {
        this(TransportOptions.DEFAULTS);
    }

    /** Why SCTP cannot be used here (e.g. "Protocol not supported"), or null if it can; probed once. */
    public static String unavailableReason() {
        return Probe.REASON;
    }

    private static final class Probe {
        static final String REASON = probe();

        private static String probe() {
            try {
                SctpChannel.open().close();
                return null;
            } catch (IOException | UnsupportedOperationException | LinkageError e) {
                return e.getMessage() == null ? e.toString() : e.getMessage();
            }
        }
    }

    @Override
    public String name() {
        return "sctp";
    }

    @Override
    public ListeningEndpoint listen(List<InetSocketAddress> local, Set<Protocol> protocols,
                                    AssociationListener listener) throws IOException {
        if (local.isEmpty()) throw new IllegalArgumentException("no local address");
        if (protocols.isEmpty()) throw new IllegalArgumentException("no protocol");
        Connecting.checkLocalAddresses(local);
        return SctpListeningEndpoint.open(local, protocols, listener, options, loop);
    }

    @Override
    public Association connect(List<InetSocketAddress> remote, Set<Protocol> protocols, AssociationListener listener,
                               Duration timeout) throws IOException {
        if (remote.isEmpty()) throw new IllegalArgumentException("no remote address");
        if (protocols.isEmpty()) throw new IllegalArgumentException("no protocol");
        return Connecting.connect("sctp", remote, timeout, 1, SctpChannel::open, (channel, address, deadline) -> {
            configure(channel);
            connect(channel, address, deadline);
            return new SctpAssociation(channel, protocols, listener, options, loop);
        });
    }

    /** A one-to-one socket cannot bind a listening port (no SO_REUSEPORT in jdk.sctp); a one-to-many one can do both. */
    @Override
    public boolean connectsFromListeningPorts() {
        return true;
    }

    @Override
    public ListeningEndpoint listenOnClientPort(InetSocketAddress local, Protocol protocol,
                                                AssociationListener listener) throws IOException {
        SctpClientPort port = SctpClientPort.open(local, protocol, listener, options, loop);
        clientPorts.put(port.port(), port);
        return port;
    }

    /** Sends {@code opening} to open the association: jdk.sctp's one-to-many socket has no connect. */
    @Override
    public Association connectFrom(InetSocketAddress local, List<InetSocketAddress> remote, Protocol protocol,
                                   AssociationListener listener, Duration timeout, ByteBuffer opening)
            throws IOException {
        if (remote.isEmpty()) throw new IllegalArgumentException("no remote address");
        SctpClientPort port = clientPorts.get(local.getPort());
        if (port == null || !port.isOpen()) {
            clientPorts.remove(local.getPort(), port);
            throw new BindException("no open sctp client port " + local.getPort());
        }
        if (!port.protocols().contains(protocol)) {
            throw new IllegalArgumentException("sctp client port " + port.port() + " carries " + port.protocols());
        }
        SctpAssociation association = port.connect(remote, listener, timeout, opening);
        association.start();
        return association;
    }

    /** jdk.sctp's blocking connect has no timeout, so connect non-blocking and wait with a selector. */
    private static void connect(SctpChannel channel, InetSocketAddress address, long deadline) throws IOException {
        channel.configureBlocking(false);
        if (!channel.connect(address)) {
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_CONNECT);
                while (!channel.finishConnect()) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) throw new SocketTimeoutException("connect timed out");
                    selector.select(left);
                    selector.selectedKeys().clear();
                }
            }
        }
        channel.configureBlocking(true);
    }

    static void configure(SctpChannel channel) throws IOException {
        channel.setOption(SctpStandardSocketOptions.SCTP_NODELAY, true);
        channel.setOption(SctpStandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
        channel.setOption(SctpStandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
    }

    static List<InetSocketAddress> inet(Collection<? extends SocketAddress> addresses) {
        return addresses.stream().filter(InetSocketAddress.class::isInstance).map(InetSocketAddress.class::cast)
                .toList();
    }

    @Override
    public String toString() {
        return "sctp";
    }
}
