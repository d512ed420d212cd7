package org.raypool.transport.tcp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.raypool.transport.Association;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.Connecting;
import org.raypool.transport.IoLoop;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.transport.Transport;
import org.raypool.transport.TransportOptions;
import org.raypool.transport.tls.TlsChannel;
import org.raypool.transport.tls.TlsPolicy;
import org.raypool.wire.Protocol;

/** The [PROJECT] TCP transport (docs/protocol/asap-enrp-wire.md §1.3): one protocol per connection, raw framing. */
public final class TcpTransport implements Transport {

    private final TransportOptions options;
    private final IoLoop loop;
    /** Mutual TLS 1.3 on every connection (docs/security.md), or null: open mode. */
    private final TlsPolicy tls;

    public TcpTransport() {
        this(TransportOptions.DEFAULTS);
    }

    /** Every association gets its own reader thread. */
    public TcpTransport(TransportOptions options) {
        this(options, null);
    }

    /** Every association is read, written and called back on {@code loop}; null for a reader thread each. */
    public TcpTransport(TransportOptions options, IoLoop loop) {
        this(options, loop, null);
    }

    /**
     * With {@code tls}, every connection runs a TLS 1.3 handshake first, off the loop, and its peer must have a
     * role the policy allows; null for open mode.
     */
    public TcpTransport(TransportOptions options, IoLoop loop, TlsPolicy tls) {
        this.options = options;
        this.loop = loop;
        this.tls = tls;
    }

    /** The TLS policy, or null in open mode. */
    public TlsPolicy tls() {
        return tls;
    }

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public ListeningEndpoint listen(List<InetSocketAddress> local, Set<Protocol> protocols,
                                    AssociationListener listener) throws IOException {
        Connecting.checkLocalAddresses(local);
        return TcpListeningEndpoint.open(local, single(protocols), listener, options, loop, tls, false);
    }

    /** SO_REUSEPORT on the listening and the connecting socket lets both use one port (Linux, BSD). */
    @Override
    public boolean connectsFromListeningPorts() {
        return true;
    }

    @Override
    public ListeningEndpoint listenOnClientPort(InetSocketAddress local, Protocol protocol,
                                                AssociationListener listener) throws IOException {
        return TcpListeningEndpoint.open(List.of(local), protocol, listener, options, loop, tls, true);
    }

    @Override
    public Association connectFrom(InetSocketAddress local, List<InetSocketAddress> remote, Protocol protocol,
                                   AssociationListener listener, Duration timeout, ByteBuffer opening)
            throws IOException {
        return connect(remote, protocol, listener, timeout, () -> {
            SocketChannel channel = SocketChannel.open();
            try {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                channel.bind(local);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return channel;
        });
    }

    @Override
    public Association connect(List<InetSocketAddress> remote, Set<Protocol> protocols, AssociationListener listener,
                               Duration timeout) throws IOException {
        return connect(remote, single(protocols), listener, timeout, SocketChannel::open);
    }

    private Association connect(List<InetSocketAddress> remote, Protocol protocol, AssociationListener listener,
                                Duration timeout, Connecting.Opener<SocketChannel> opener) throws IOException {
        if (remote.isEmpty()) throw new IllegalArgumentException("no remote address");
        return Connecting.connect(tls == null ? "tcp" : "tls", remote, timeout, 1_000_000, opener,
                (channel, address, deadline) -> {
                    // at least 1 ms is left (the granularity above): 0 would mean no timeout at all
                    long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                    channel.socket().connect(address, (int) Math.min(Integer.MAX_VALUE, left));
                    TlsChannel secured = tls == null ? null
                            : TlsChannel.handshake(channel, tls.credentials().engine(true, tls.required()), deadline);
                    return new TcpAssociation(channel, secured, protocol, listener, options, loop);
                });
    }

    private static Protocol single(Set<Protocol> protocols) {
        if (protocols.size() != 1) {
            throw new IllegalArgumentException("a TCP connection carries exactly one protocol, not " + protocols);
        }
        return protocols.iterator().next();
    }

    @Override
    public String toString() {
        return tls == null ? "tcp" : "tcp+tls";
    }
}
