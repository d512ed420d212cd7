package org.raypool.transport.sctp;

import com.sun.nio.sctp.SctpChannel;
import com.sun.nio.sctp.SctpServerChannel;
import com.sun.nio.sctp.SctpStandardSocketOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Set;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.transport.TransportOptions;
import org.raypool.wire.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One multi-homed one-to-one SCTP server socket and its acceptor thread. */
final class SctpListeningEndpoint implements ListeningEndpoint {

    private static final Logger log = LoggerFactory.getLogger(SctpListeningEndpoint.class);
    private static final int BACKLOG = 128;

    private final SctpServerChannel socket;
    private final List<InetSocketAddress> bound;
    private final Set<Protocol> protocols;
    private final AssociationListener listener;
    private final TransportOptions options;
    private volatile Thread acceptor;
    private volatile boolean open = true;

    private SctpListeningEndpoint(SctpServerChannel socket, List<InetSocketAddress> bound, Set<Protocol> protocols,
                                  AssociationListener listener, TransportOptions options) {
        this.socket = socket;
        this.bound = bound;
        this.protocols = Set.copyOf(protocols);
        this.listener = listener;
        this.options = options;
    }

    static SctpListeningEndpoint open(List<InetSocketAddress> local, Set<Protocol> protocols,
                                      AssociationListener listener, TransportOptions options) throws IOException {
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
            SctpListeningEndpoint endpoint = new SctpListeningEndpoint(socket, bound, protocols, listener, options);
            Thread acceptor = new Thread(endpoint::acceptLoop, "sctp-listen-" + bound);
            acceptor.setDaemon(true);
            endpoint.acceptor = acceptor;
            acceptor.start();
            log.info("sctp listening on {} for {}", bound, protocols);
            return endpoint;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void acceptLoop() {
        while (open) {
            SctpChannel channel;
            try {
                channel = socket.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!open) return;
                log.warn("sctp accept on {} failed: {}; retrying", bound, e.toString());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    return;
                }
                continue;
            }
            if (!open) {
                // accepted in the instant between close() and the socket really closing
                abort(channel);
                return;
            }
            try {
                new SctpAssociation(channel, protocols, listener, options).start();
            } catch (IOException | RuntimeException e) {
                log.warn("sctp could not set up an accepted association: {}", e.toString());
                abort(channel);
            }
        }
    }

    private static void abort(SctpChannel channel) {
        try {
            channel.setOption(SctpStandardSocketOptions.SO_LINGER, 0);
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do for an association nobody has seen
        }
    }

    @Override
    public List<InetSocketAddress> localAddresses() {
        return bound;
    }

    @Override
    public Set<Protocol> protocols() {
        return protocols;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        if (!open) return;
        open = false;
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("sctp close of {} failed: {}", bound, e.toString());
        }
        // the kernel keeps a socket that an accept() still blocks on: wait for the acceptor to leave it
        Thread a = acceptor;
        if (a != null && a != Thread.currentThread()) {
            try {
                a.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("sctp stopped listening on {}", bound);
    }

    @Override
    public String toString() {
        return "sctp-listen" + bound + protocols;
    }
}
