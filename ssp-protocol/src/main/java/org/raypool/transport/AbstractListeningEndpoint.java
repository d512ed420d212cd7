package org.raypool.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.raypool.wire.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the listening endpoints of the transports share: one acceptor thread per server socket, the accept loop
 * with its retry after a failed accept and its handling of a connection accepted while closing, and the close
 * that waits for the acceptors. A transport supplies the socket calls and the association it builds.
 *
 * @param <S> the server socket
 * @param <C> the accepted channel
 */
public abstract class AbstractListeningEndpoint<S extends Channel, C extends Channel> implements ListeningEndpoint {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String transportName;
    private final String accepted;
    private final List<InetSocketAddress> bound;
    private final Set<Protocol> protocols;
    private final AssociationListener listener;
    private final TransportOptions options;
    private final List<Thread> acceptors = new CopyOnWriteArrayList<>();
    private volatile boolean open = true;

    /**
     * @param transportName "tcp" or "sctp", the start of the log messages
     * @param accepted what an accepted channel is called in the log ("connection", "association")
     */
    protected AbstractListeningEndpoint(String transportName, String accepted, List<InetSocketAddress> bound,
                                        Set<Protocol> protocols, AssociationListener listener,
                                        TransportOptions options) {
        this.transportName = transportName;
        this.accepted = accepted;
        this.bound = bound;
        this.protocols = Set.copyOf(protocols);
        this.listener = listener;
        this.options = options;
    }

    // ---- what a transport implements

    /** Blocks until a peer connects; a {@link ClosedChannelException} once the socket is closed. */
    protected abstract C accept(S socket) throws IOException;

    /** Builds and starts the association for an accepted channel. */
    protected abstract void startAssociation(C channel, AssociationListener listener, TransportOptions options)
            throws IOException;

    /** Closes an accepted channel nobody has seen, abortively and quietly. */
    protected abstract void abort(C channel);

    /** Closes the server sockets, logging (not throwing) failures. */
    protected abstract void closeSockets();

    /**
     * Called when the pause after a failed accept is interrupted; true to go on accepting, false to end the
     * accept loop.
     */
    protected abstract boolean continueAfterInterruptedPause();

    // ---- shared

    /** Starts a daemon acceptor thread running the accept loop on {@code socket}. */
    protected final void startAcceptor(S socket, String threadName) {
        Thread acceptor = new Thread(() -> acceptLoop(socket), threadName);
        acceptor.setDaemon(true);
        acceptors.add(acceptor);
        acceptor.start();
    }

    private void acceptLoop(S socket) {
        while (open) {
            C channel;
            try {
                channel = accept(socket);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!open) return;
                log.warn(transportName + " accept on {} failed: {}; retrying", bound, e.toString());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    if (!continueAfterInterruptedPause()) return;
                }
                continue;
            }
            if (!open) {
                // accepted in the instant between close() and the socket really closing
                abort(channel);
                return;
            }
            try {
                startAssociation(channel, listener, options);
            } catch (IOException | RuntimeException e) {
                log.warn(transportName + " could not set up an accepted " + accepted + ": {}", e.toString());
                abort(channel);
            }
        }
    }

    @Override
    public final List<InetSocketAddress> localAddresses() {
        return bound;
    }

    @Override
    public final Set<Protocol> protocols() {
        return protocols;
    }

    @Override
    public final boolean isOpen() {
        return open;
    }

    @Override
    public final void close() {
        if (!open) return;
        open = false;
        closeSockets();
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
        log.info(transportName + " stopped listening on {}", bound);
    }
}
