package org.raypool.transport.sctp;

import com.sun.nio.sctp.SctpChannel;
import com.sun.nio.sctp.SctpServerChannel;
import com.sun.nio.sctp.SctpStandardSocketOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.raypool.transport.AbstractListeningEndpoint;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.IoLoop;
import org.raypool.transport.TransportOptions;
import org.raypool.wire.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One multi-homed one-to-one SCTP server socket and its acceptor thread. */
final class SctpListeningEndpoint extends AbstractListeningEndpoint<SctpServerChannel, SctpChannel> {

    private static final Logger log = LoggerFactory.getLogger(SctpListeningEndpoint.class);
    private static final int BACKLOG = 128;

    private final SctpServerChannel socket;
    private final IoLoop loop;

    private SctpListeningEndpoint(SctpServerChannel socket, List<InetSocketAddress> bound, Set<Protocol> protocols,
                                  AssociationListener listener, TransportOptions options, IoLoop loop) {
        super("sctp", "association", bound, protocols, listener, options);
        this.socket = socket;
        this.loop = loop;
    }

    static SctpListeningEndpoint open(List<InetSocketAddress> local, Set<Protocol> protocols,
                                      AssociationListener listener, TransportOptions options, IoLoop loop)
            throws IOException {
        SctpServerChannel socket = SctpServerChannel.open();
        try {
            InetSocketAddress first = local.get(0);
            try {
                socket.bind(first, BACKLOG);
                for (InetSocketAddress extra : local.subList(1, local.size())) {
                    socket.bindAddress(extra.getAddress());
                }
            } catch (IOException e) {
                throw new IOException("sctp listen on " + local + " failed: " + e.getMessage(), e);
            }
            List<InetSocketAddress> bound = SctpTransport.inet(socket.getAllLocalAddresses());
            SctpListeningEndpoint endpoint = new SctpListeningEndpoint(socket, bound, protocols, listener, options, loop);
            endpoint.startAcceptor(socket, "sctp-listen-" + bound);
            log.info("sctp listening on {} for {}", bound, protocols);
            return endpoint;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    protected SctpChannel accept(SctpServerChannel socket) throws IOException {
        return socket.accept();
    }

    @Override
    protected void startAssociation(SctpChannel channel, AssociationListener listener, TransportOptions options)
            throws IOException {
        new SctpAssociation(channel, protocols(), listener, options, loop).start();
    }

    @Override
    protected void abort(SctpChannel channel) {
        try {
            channel.setOption(SctpStandardSocketOptions.SO_LINGER, 0);
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do for an association nobody has seen
        }
    }

    @Override
    protected boolean continueAfterInterruptedPause() {
        return false;
    }

    @Override
    protected void closeSockets() {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("sctp close of {} failed: {}", localAddresses(), e.toString());
        }
    }

    @Override
    public String toString() {
        return "sctp-listen" + localAddresses() + protocols();
    }
}
