package org.raypool.transport.sctp;

import com.sun.nio.sctp.SctpChannel;
import com.sun.nio.sctp.SctpServerChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.IoLoop;
import org.raypool.transport.TransportOptions;
import org.raypool.wire.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One multi-homed one-to-one SCTP server socket and its acceptor thread. */
final class SctpListeningEndpoint extends SctpAcceptingEndpoint<SctpServerChannel> {

    private static final Logger log = LoggerFactory.getLogger(SctpListeningEndpoint.class);
    private static final int BACKLOG = 128;

    private SctpListeningEndpoint(SctpServerChannel socket, List<InetSocketAddress> bound, Set<Protocol> protocols,
                                  AssociationListener listener, TransportOptions options, IoLoop loop) {
        super(socket, bound, protocols, listener, options, loop);
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
    public String toString() {
        return "sctp-listen" + localAddresses() + protocols();
    }
}
