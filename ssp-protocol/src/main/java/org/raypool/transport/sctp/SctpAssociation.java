package org.raypool.transport.sctp;

import com.sun.nio.sctp.AbstractNotificationHandler;
import com.sun.nio.sctp.AssociationChangeNotification;
import com.sun.nio.sctp.HandlerResult;
import com.sun.nio.sctp.MessageInfo;
import com.sun.nio.sctp.PeerAddressChangeNotification;
import com.sun.nio.sctp.SctpChannel;
import com.sun.nio.sctp.SctpStandardSocketOptions;
import com.sun.nio.sctp.SendFailedNotification;
import com.sun.nio.sctp.ShutdownNotification;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.util.List;
import java.util.Set;
import org.raypool.transport.AbstractAssociation;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.CommLost;
import org.raypool.transport.IoLoop;
import org.raypool.transport.TransportOptions;
import org.raypool.wire.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SCTP association on a one-to-one socket. Every message goes on stream 0 with the PPID of its protocol;
 * received PPIDs, current or legacy, name the protocol. Messages the kernel hands over in pieces (partial
 * delivery) are put together again up to {@link #MAX_MESSAGE_SIZE} bytes.
 */
public final class SctpAssociation extends AbstractAssociation {

    private static final Logger log = LoggerFactory.getLogger(SctpAssociation.class);
    private static final int STREAM = 0;

    private final SctpChannel channel;
    private final Notifications notifications = new Notifications();
    private volatile List<InetSocketAddress> lastLocal;
    private volatile List<InetSocketAddress> lastRemote;
    /** Loop mode: a message the kernel hands over in pieces, while it is incomplete (else null), and its PPID. */
    private ByteBuffer partial;
    private int partialPpid;
    /** Loop mode: a notification ended the association / was handled in the last receive. */
    private boolean notificationEnded;
    private boolean notificationSeen;
    /** Loop mode: readiness in a row that brought nothing, the end of stream without a notification. */
    private int emptyReadiness;

    SctpAssociation(SctpChannel channel, Set<Protocol> protocols, AssociationListener listener,
                    TransportOptions options, IoLoop loop) throws IOException {
        super("sctp", protocols, listener, options, loop);
        this.channel = channel;
        SctpTransport.configure(channel);
        this.lastLocal = SctpTransport.inet(channel.getAllLocalAddresses());
        this.lastRemote = SctpTransport.inet(channel.getRemoteAddresses());
    }

    @Override
    protected void readLoop() throws IOException {
        ByteBuffer in = ByteBuffer.allocateDirect(MAX_MESSAGE_SIZE);
        while (true) {
            in.clear();
            MessageInfo info = channel.receive(in, null, notifications);
            if (info == null) return;
            received(in.flip(), info);
        }
    }

    @Override
    protected boolean readAvailable(ByteBuffer in) throws IOException {
        in.limit(MAX_MESSAGE_SIZE);
        notificationSeen = false;
        for (int i = 0; i < 64; i++) {
            in.clear().limit(MAX_MESSAGE_SIZE);
            notificationEnded = false;
            MessageInfo info = channel.receive(in, null, notifications);
            if (notificationEnded) return false;
            if (info == null) {
                // readable yet nothing, again and again: the peer's end of stream (jdk.sctp reports it as null)
                if (i == 0 && !notificationSeen && ++emptyReadiness >= 3) return false;
                return true;
            }
            emptyReadiness = 0;
            received(in.flip(), info);
        }
        return true;
    }

    /** One receive's bytes: a whole message is delivered, a piece is kept until the message is complete. */
    private void received(ByteBuffer in, MessageInfo info) throws ProtocolViolationException {
        int ppid;
        if (partial != null || !info.isComplete()) {
            if (partial == null) {
                partial = ByteBuffer.allocate(MAX_MESSAGE_SIZE);
                partialPpid = info.payloadProtocolID();
            }
            if (in.remaining() > partial.remaining()) {
                throw new ProtocolViolationException("message longer than " + MAX_MESSAGE_SIZE + " bytes");
            }
            partial.put(in);
            if (!info.isComplete()) return;
            in = partial.flip();
            partial = null;
            ppid = partialPpid;
        } else {
            ppid = info.payloadProtocolID();
        }
        Protocol protocol = Protocol.ofPpid(ppid);
        if (protocol == null) {
            log.warn("{} dropped a {}-byte message with unknown PPID {}", id(), in.remaining(),
                    Integer.toUnsignedString(ppid));
        } else {
            deliver(protocol, ByteBuffer.allocate(in.remaining()).put(in).flip());
        }
    }

    @Override
    protected void write(Protocol protocol, ByteBuffer message) throws IOException {
        int size = message.remaining();
        if (!tryWrite(protocol, message)) throw new IOException("sent 0 of " + size + " bytes");
    }

    @Override
    protected boolean tryWrite(Protocol protocol, ByteBuffer message) throws IOException {
        int size = message.remaining();
        int sent = channel.send(message, MessageInfo.createOutgoing(null, STREAM).payloadProtocolID(protocol.ppid()));
        if (sent == 0) return false;
        if (sent != size) throw new IOException("sent " + sent + " of " + size + " bytes");
        return true;
    }

    @Override
    protected SelectableChannel selectable() {
        return channel;
    }

    @Override
    protected void shutdownOutput() throws IOException {
        channel.shutdown();
    }

    @Override
    protected void closeSocket(boolean abortive) {
        closeChannel(channel, abortive, () -> channel.setOption(SctpStandardSocketOptions.SO_LINGER, 0));
    }

    @Override
    protected void setPrimary(InetSocketAddress remote) throws IOException {
        channel.setOption(SctpStandardSocketOptions.SCTP_PRIMARY_ADDR, remote);
    }

    @Override
    public List<InetSocketAddress> localAddresses() {
        try {
            if (channel.isOpen()) lastLocal = SctpTransport.inet(channel.getAllLocalAddresses());
        } catch (IOException e) {
            // keep the last known addresses
        }
        return lastLocal;
    }

    @Override
    public List<InetSocketAddress> remoteAddresses() {
        try {
            if (channel.isOpen()) lastRemote = SctpTransport.inet(channel.getRemoteAddresses());
        } catch (IOException e) {
            // keep the last known addresses
        }
        return lastRemote;
    }

    /** Association events end the read loop (RETURN) when the association is over; path events are logged. */
    private final class Notifications extends AbstractNotificationHandler<Object> {

        @Override
        public HandlerResult handleNotification(AssociationChangeNotification n, Object unused) {
            notificationSeen = true;
            HandlerResult result = associationChange(n);
            notificationEnded = result == HandlerResult.RETURN;
            return result;
        }

        private HandlerResult associationChange(AssociationChangeNotification n) {
            switch (n.event()) {
                case COMM_UP:
                    return HandlerResult.CONTINUE;
                case RESTART:
                    log.warn("{} peer restarted", id());
                    return HandlerResult.CONTINUE;
                case SHUTDOWN:
                    end(CommLost.Cause.PEER_SHUTDOWN, "SHUTDOWN complete");
                    return HandlerResult.RETURN;
                case COMM_LOST:
                case CANT_START:
                default:
                    end(CommLost.Cause.COMM_LOST, "SCTP " + n.event());
                    return HandlerResult.RETURN;
            }
        }

        @Override
        public HandlerResult handleNotification(ShutdownNotification n, Object unused) {
            notificationSeen = true;
            notificationEnded = true;
            end(CommLost.Cause.PEER_SHUTDOWN, "");
            return HandlerResult.RETURN;
        }

        @Override
        public HandlerResult handleNotification(PeerAddressChangeNotification n, Object unused) {
            notificationSeen = true;
            log.info("{} path {} {}", id(), n.address(), n.event());
            return HandlerResult.CONTINUE;
        }

        @Override
        public HandlerResult handleNotification(SendFailedNotification n, Object unused) {
            notificationSeen = true;
            log.warn("{} send failed to {}: error {}", id(), n.address(), n.errorCode());
            return HandlerResult.CONTINUE;
        }
    }
}
