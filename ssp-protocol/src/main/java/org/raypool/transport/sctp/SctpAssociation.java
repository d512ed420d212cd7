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
import java.util.List;
import java.util.Set;
import org.raypool.transport.AbstractAssociation;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.CommLost;
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

    SctpAssociation(SctpChannel channel, Set<Protocol> protocols, AssociationListener listener,
                    TransportOptions options) throws IOException {
        super("sctp", protocols, listener, options);
        this.channel = channel;
        SctpTransport.configure(channel);
        this.lastLocal = SctpTransport.inet(channel.getAllLocalAddresses());
        this.lastRemote = SctpTransport.inet(channel.getRemoteAddresses());
    }

    @Override
    protected void readLoop() throws IOException {
        ByteBuffer in = ByteBuffer.allocateDirect(MAX_MESSAGE_SIZE);
        ByteBuffer partial = null;
        int ppid = 0;
        while (true) {
            in.clear();
            MessageInfo info = channel.receive(in, null, notifications);
            if (info == null) return;
            in.flip();
            if (partial != null || !info.isComplete()) {
                if (partial == null) {
                    partial = ByteBuffer.allocate(MAX_MESSAGE_SIZE);
                    ppid = info.payloadProtocolID();
                }
                if (in.remaining() > partial.remaining()) {
                    throw new ProtocolViolationException("message longer than " + MAX_MESSAGE_SIZE + " bytes");
                }
                partial.put(in);
                if (!info.isComplete()) continue;
                in = partial.flip();
                partial = null;
            } else {
                ppid = info.payloadProtocolID();
            }
            Protocol protocol = Protocol.ofPpid(ppid);
            if (protocol == null) {
                log.warn("{} dropped a {}-byte message with unknown PPID {}", id(), in.remaining(),
                        Integer.toUnsignedString(ppid));
            } else {
                ByteBuffer message = ByteBuffer.allocate(in.remaining()).put(in).flip();
                deliver(protocol, message);
            }
            if (!in.isDirect()) in = ByteBuffer.allocateDirect(MAX_MESSAGE_SIZE);
        }
    }

    @Override
    protected void write(Protocol protocol, ByteBuffer message) throws IOException {
        int size = message.remaining();
        MessageInfo info = MessageInfo.createOutgoing(null, STREAM).payloadProtocolID(protocol.ppid());
        int sent = channel.send(message, info);
        if (sent != size) throw new IOException("sent " + sent + " of " + size + " bytes");
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
            end(CommLost.Cause.PEER_SHUTDOWN, "");
            return HandlerResult.RETURN;
        }

        @Override
        public HandlerResult handleNotification(PeerAddressChangeNotification n, Object unused) {
            log.info("{} path {} {}", id(), n.address(), n.event());
            return HandlerResult.CONTINUE;
        }

        @Override
        public HandlerResult handleNotification(SendFailedNotification n, Object unused) {
            log.warn("{} send failed to {}: error {}", id(), n.address(), n.errorCode());
            return HandlerResult.CONTINUE;
        }
    }
}
