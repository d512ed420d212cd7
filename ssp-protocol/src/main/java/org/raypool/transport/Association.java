package org.raypool.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.raypool.transport.tls.PeerIdentity;
import org.raypool.wire.Protocol;

/**
 * One association (SCTP) or connection (TCP) carrying whole ASAP, ENRP or SSP messages. The transport only
 * knows bytes and {@link Protocol} ids; a codec layer above turns them into messages.
 */
public interface Association {

    /** A short unique name for logs, e.g. {@code tcp-7}. */
    String id();

    /** The protocols this association carries; exactly one for TCP (docs/protocol/asap-enrp-wire.md §1.3 rule 3). */
    Set<Protocol> protocols();

    /**
     * Sends one message: the buffer's remaining bytes, which must start with the common header whose Length
     * field equals their number (4..65535). The buffer's position is not changed. Thread-safe: concurrent
     * messages never interleave, and the messages of one thread go out in order. Blocks while the peer's window
     * is full; if the message is not out within the transport's send timeout the association is aborted
     * ({@link CommLost.Cause#SEND_TIMEOUT}) and a {@link java.net.SocketTimeoutException} is thrown.
     *
     * <p>On the {@link IoLoop} of an association served by one, send never blocks: what the socket does not
     * take at once is queued and written by the loop. The send timeout still holds: a queued message that is not
     * out in time aborts the association, reported by {@code onCommLost} ({@code SEND_TIMEOUT}) and by the
     * sends that follow ({@link ClosedAssociationException}).
     *
     * @throws IllegalArgumentException if the protocol is not carried here or the bytes are not one message
     * @throws ClosedAssociationException once the association has ended
     * @throws IOException if the association fails during the send
     */
    void send(Protocol protocol, ByteBuffer message) throws IOException;

    default void send(Protocol protocol, byte[] message) throws IOException {
        send(protocol, ByteBuffer.wrap(message));
    }

    /** Our addresses; all of them for a multi-homed SCTP association. */
    List<InetSocketAddress> localAddresses();

    /** The peer's addresses; all paths for SCTP, the one address for TCP. */
    List<InetSocketAddress> remoteAddresses();

    /**
     * Makes {@code remote} the primary path for sending (SCTP_PRIMARY_ADDR). TCP has exactly one path, so there
     * this is a no-op for the remote address.
     *
     * @throws IllegalArgumentException if {@code remote} is not one of {@link #remoteAddresses()}
     */
    void setPrimaryPath(InetSocketAddress remote) throws IOException;

    /** True until the association is closed, aborted or lost. */
    boolean isOpen();

    /**
     * Graceful close (SCTP SHUTDOWN, TCP FIN): what was sent before is still delivered; messages arriving
     * afterwards are discarded. Returns at once; the listener's {@code onCommLost} follows when the peer has
     * acknowledged, or after the close timeout with an abort. Idempotent.
     */
    void close();

    /**
     * The peer's verified identity on an authenticated (TLS) association, from its first message on; empty in
     * open mode (docs/security.md).
     */
    default Optional<PeerIdentity> peerIdentity() {
        return Optional.empty();
    }

    /** Immediate close (SCTP ABORT, TCP RST): unsent data is dropped. Idempotent. */
    void abort();
}
