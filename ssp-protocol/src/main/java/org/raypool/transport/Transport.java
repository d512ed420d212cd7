package org.raypool.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
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

    /**
     * Whether this transport can make a client association from the port of a listening endpoint
     * ({@link #listenOnClientPort}, {@link #connectFrom}). [PROJECT] A pool element uses it so that the ASAP
     * transport its registrar records (the source of its registrar association) is a port it listens on, as RSPLIB's
     * one-to-many SCTP socket does: docs/protocol/registrar-behaviour.md §3.6, §6.3. TCP shares the port with
     * SO_REUSEPORT; SCTP uses a one-to-many socket, whose associations it branches off.
     */
    default boolean connectsFromListeningPorts() {
        return false;
    }

    /**
     * Listens on {@code local} (one address, port 0 for any) so that {@link #connectFrom} can share the port.
     *
     * @throws UnsupportedOperationException unless {@link #connectsFromListeningPorts()}
     */
    default ListeningEndpoint listenOnClientPort(InetSocketAddress local, Protocol protocol,
            AssociationListener listener) throws IOException {
        throw new UnsupportedOperationException(name() + " cannot connect from a listening port");
    }

    /**
     * As {@link #connect}, from {@code local}, the address of an endpoint opened by {@link #listenOnClientPort}.
     * A {@link java.net.BindException} (directly or as the cause) means the port cannot be shared now; connect
     * without it then.
     *
     * @param opening a message of {@code protocol} that the transport sends first if it can open an association
     *                only by sending (jdk.sctp's one-to-many socket has no connect, and an empty message is refused:
     *                {@code SctpPortSharingTest}); TCP does not send it. The peer must be able to take it at any
     *                time and its answer must be harmless to the caller.
     * @throws UnsupportedOperationException unless {@link #connectsFromListeningPorts()}
     */
    default Association connectFrom(InetSocketAddress local, List<InetSocketAddress> remote, Protocol protocol,
            AssociationListener listener, Duration timeout, ByteBuffer opening) throws IOException {
        throw new UnsupportedOperationException(name() + " cannot connect from a listening port");
    }
}
