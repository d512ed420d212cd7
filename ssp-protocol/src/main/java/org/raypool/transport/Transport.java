package org.raypool.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.raypool.wire.Protocol;

/**
 * Opens associations: {@code TcpTransport} or {@code SctpTransport}, usually picked by {@link Transports}. A
 * transport built with an {@link IoLoop} serves all its associations on that loop's thread, else each gets a
 * reader thread (see {@link AssociationListener} and the package documentation).
 */
public interface Transport {

    /** {@code "tcp"} or {@code "sctp"}. */
    String name();

    /**
     * Listens on all given addresses (SCTP: one multi-homed socket; TCP: one socket per address). All addresses
     * share one port: the first address's, where port 0 lets the kernel choose. A wildcard address
     * ({@code new InetSocketAddress(port)}) means every local address.
     *
     * @param protocols the protocols accepted on every association; TCP needs exactly one
     */
    ListeningEndpoint listen(List<InetSocketAddress> local, Set<Protocol> protocols, AssociationListener listener)
            throws IOException;

    default ListeningEndpoint listen(List<InetSocketAddress> local, Protocol protocol, AssociationListener listener)
            throws IOException {
        return listen(local, Set.of(protocol), listener);
    }

    /**
     * Connects to the peer. SCTP connects to the first address that answers and learns the peer's other
     * addresses from its INIT ACK; TCP tries the addresses in order. Fails within {@code timeout}, at once when
     * refused, with an {@link IOException} naming the addresses.
     */
    Association connect(List<InetSocketAddress> remote, Set<Protocol> protocols, AssociationListener listener,
                        Duration timeout) throws IOException;

    default Association connect(List<InetSocketAddress> remote, Protocol protocol, AssociationListener listener,
                                Duration timeout) throws IOException {
        return connect(remote, Set.of(protocol), listener, timeout);
    }
}
