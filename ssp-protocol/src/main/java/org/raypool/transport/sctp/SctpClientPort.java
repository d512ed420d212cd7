package org.raypool.transport.sctp;

import com.sun.nio.sctp.AbstractNotificationHandler;
import com.sun.nio.sctp.Association;
import com.sun.nio.sctp.AssociationChangeNotification;
import com.sun.nio.sctp.HandlerResult;
import com.sun.nio.sctp.MessageInfo;
import com.sun.nio.sctp.SctpChannel;
import com.sun.nio.sctp.SctpMultiChannel;
import com.sun.nio.sctp.SctpStandardSocketOptions;
import com.sun.nio.sctp.SendFailedNotification;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.raypool.transport.AbstractAssociation;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.IoLoop;
import org.raypool.transport.TransportOptions;
import org.raypool.wire.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * [PROJECT] A pool element's ASAP port over SCTP: one one-to-many socket, as RSPLIB's PE has, that listens (a
 * registrar taking us over opens an association to it, docs/protocol/registrar-behaviour.md §3.6) and from which
 * our registrar associations are made, so that the ASAP transport a registrar records is a port we listen on. Every
 * association that comes up on the socket is branched off into a one-to-one channel (its queued messages move with
 * it) and then is an ordinary {@link SctpAssociation}: accepted ones go to the listener, ours to the connect that
 * asked for them. jdk.sctp has no connect on this socket: an association is opened by sending its first message.
 */
final class SctpClientPort extends SctpAcceptingEndpoint<SctpMultiChannel> {

    private static final Logger log = LoggerFactory.getLogger(SctpClientPort.class);
    private static final int BACKLOG = 128;

    private final Protocol protocol;
    private final TransportOptions options;
    /** Channels branched off, while open: a second association between the same ports would restart the first. */
    private final Set<SctpChannel> branched = ConcurrentHashMap.newKeySet();
    /** Associations we are opening, by the address their first message went to. */
    private final Map<InetSocketAddress, Opening> opening = new ConcurrentHashMap<>();
    /** The acceptor's: a buffer for data that comes before a branch (none should), what its last receive saw. */
    private final ByteBuffer in = ByteBuffer.allocate(AbstractAssociation.MAX_MESSAGE_SIZE);
    private Association up;
    private InetSocketAddress failed;

    /** One association being opened; closing it before it is up abandons it (it is aborted once it comes up). */
    private final class Opening implements Channel {
        final InetSocketAddress to;
        final CompletableFuture<SctpChannel> result = new CompletableFuture<>();
        volatile boolean abandoned;

        Opening(InetSocketAddress to) {
            this.to = to;
        }

        @Override
        public boolean isOpen() {
            return !abandoned;
        }

        @Override
        public void close() {
            abandoned = true;
            result.thenAccept(SctpClientPort.this::abort);
        }
    }

    private SctpClientPort(SctpMultiChannel socket, List<InetSocketAddress> bound, Protocol protocol,
                           AssociationListener listener, TransportOptions options, IoLoop loop) {
        super(socket, bound, Set.of(protocol), listener, options, loop);
        this.protocol = protocol;
        this.options = options;
    }

    static SctpClientPort open(InetSocketAddress local, Protocol protocol, AssociationListener listener,
                               TransportOptions options, IoLoop loop) throws IOException {
        SctpMultiChannel socket = SctpMultiChannel.open();
        try {
            socket.setOption(SctpStandardSocketOptions.SCTP_NODELAY, true, null);
            try {
                socket.bind(local, BACKLOG);
            } catch (IOException e) {
                throw new IOException("sctp listen on " + local + " failed: " + e.getMessage(), e);
            }
            List<InetSocketAddress> bound = SctpTransport.inet(socket.getAllLocalAddresses());
            SctpClientPort port = new SctpClientPort(socket, bound, protocol, listener, options, loop);
            port.startAcceptor(socket, "sctp-client-port-" + port.port());
            log.debug("sctp client port {} for {}", bound, protocol);
            return port;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Opens an association to the first of {@code remote} that answers, from this port, by sending {@code first},
     * and waits until it is up. A {@link BindException} if an association to that address is already being opened.
     */
    SctpAssociation connect(List<InetSocketAddress> remote, AssociationListener listener, Duration timeout,
                            ByteBuffer first) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        for (InetSocketAddress address : remote) {
            if (deadline - System.nanoTime() < 1_000_000) break;
            try {
                SctpChannel channel = open(address, first.duplicate(), deadline);
                try {
                    return new SctpAssociation(channel, Set.of(protocol), listener, options, loop);
                } catch (IOException | RuntimeException e) {
                    abort(channel);
                    throw e;
                }
            } catch (BindException e) {
                throw e;
            } catch (IOException e) {
                last = e;
            }
        }
        String what = "sctp connect to " + remote + " from port " + port() + " failed: ";
        if (last == null || last instanceof SocketTimeoutException) {
            throw new SocketTimeoutException(what + "no answer within " + timeout.toMillis() + " ms");
        }
        throw new ConnectException(what + last.getMessage());
    }

    private SctpChannel open(InetSocketAddress address, ByteBuffer first, long deadline) throws IOException {
        for (SctpChannel channel : branched) {
            if (!channel.isOpen()) {
                branched.remove(channel);
            } else if (remoteAddresses(channel).contains(address)) {
                throw new BindException("an association to " + address + " from port " + port() + " is open");
            }
        }
        Opening o = new Opening(address);
        // an abandoned attempt's association may still come up: the new attempt, whose message joins it, gets it
        if (opening.compute(address, (to, old) -> old != null && !old.abandoned ? old : o) != o) {
            throw new BindException("already opening an association to " + address + " from port " + port());
        }
        try {
            socket.send(first, MessageInfo.createOutgoing(address, 0).payloadProtocolID(protocol.ppid()));
            return o.result.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            o.close();
            throw new SocketTimeoutException("no answer");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            o.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting");
        } catch (IOException | RuntimeException e) {
            opening.remove(address, o);
            throw e;
        }
    }

    /** Receives until an association that nobody is opening comes up; those being opened are handed over. */
    @Override
    protected SctpChannel accept(SctpMultiChannel socket) throws IOException {
        while (true) {
            up = null;
            failed = null;
            MessageInfo data = socket.receive(in.clear(), null, notifications);
            if (data != null) {
                log.debug("sctp client port {}: {} bytes before the association was branched off dropped",
                        port(), data.bytes());
            }
            if (failed != null) {
                Opening o = opening.remove(failed);
                if (o != null) o.result.completeExceptionally(new ConnectException("association refused or lost"));
            }
            if (up == null) continue;
            List<InetSocketAddress> remote = SctpTransport.inet(socket.getRemoteAddresses(up));
            SctpChannel channel = socket.branch(up);
            branched.add(channel);
            Opening o = remote.stream().map(opening::get).filter(x -> x != null).findFirst().orElse(null);
            if (o == null) return channel;
            opening.remove(o.to, o);
            o.result.complete(channel);
        }
    }

    private static List<InetSocketAddress> remoteAddresses(SctpChannel channel) {
        try {
            return SctpTransport.inet(channel.getRemoteAddresses());
        } catch (IOException e) {
            return List.of();
        }
    }

    private final AbstractNotificationHandler<Object> notifications = new AbstractNotificationHandler<>() {
        @Override
        public HandlerResult handleNotification(AssociationChangeNotification n, Object unused) {
            if (n.event() != AssociationChangeNotification.AssocChangeEvent.COMM_UP) return HandlerResult.CONTINUE;
            up = n.association();
            return HandlerResult.RETURN;
        }

        @Override
        public HandlerResult handleNotification(SendFailedNotification n, Object unused) {
            if (!(n.address() instanceof InetSocketAddress to)) return HandlerResult.CONTINUE;
            failed = to;
            return HandlerResult.RETURN;
        }
    };

    @Override
    protected void closeSockets() {
        super.closeSockets();
        for (Opening o : opening.values()) o.result.completeExceptionally(new IOException("port closed"));
    }

    @Override
    public String toString() {
        return "sctp-client-port" + localAddresses() + protocols();
    }
}
