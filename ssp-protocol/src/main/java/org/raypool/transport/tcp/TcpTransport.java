package org.raypool.transport.tcp;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.raypool.transport.Association;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.transport.Transport;
import org.raypool.transport.TransportOptions;
import org.raypool.wire.Protocol;

/** The [PROJECT] TCP transport (spec wire §1.3): one protocol per connection, raw framing. */
public final class TcpTransport implements Transport {

    private final TransportOptions options;

    public TcpTransport() {
        this(TransportOptions.DEFAULTS);
    }

    public TcpTransport(TransportOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public ListeningEndpoint listen(List<InetSocketAddress> local, Set<Protocol> protocols,
                                    AssociationListener listener) throws IOException {
        checkAddresses(local);
        return TcpListeningEndpoint.open(local, single(protocols), listener, options);
    }

    @Override
    public Association connect(List<InetSocketAddress> remote, Set<Protocol> protocols, AssociationListener listener,
                               Duration timeout) throws IOException {
        Protocol protocol = single(protocols);
        if (remote.isEmpty()) throw new IllegalArgumentException("no remote address");
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        for (InetSocketAddress address : remote) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) break;
            SocketChannel channel = SocketChannel.open();
            try {
                channel.socket().connect(address, (int) Math.min(Integer.MAX_VALUE, left));
                TcpAssociation association = new TcpAssociation(channel, protocol, listener, options);
                association.start();
                return association;
            } catch (IOException | RuntimeException e) {
                channel.close();
                if (e instanceof RuntimeException r) throw r;
                last = (IOException) e;
            }
        }
        String what = "tcp connect to " + remote + " failed: ";
        if (last == null || last instanceof SocketTimeoutException) {
            throw new SocketTimeoutException(what + "no answer within " + timeout.toMillis() + " ms");
        }
        IOException e = last instanceof ConnectException ? new ConnectException(what + last.getMessage())
                : new IOException(what + last.getMessage());
        e.initCause(last);
        throw e;
    }

    static void checkAddresses(List<InetSocketAddress> local) {
        if (local.isEmpty()) throw new IllegalArgumentException("no local address");
        int port = local.get(0).getPort();
        for (InetSocketAddress address : local) {
            if (address.getPort() != port && address.getPort() != 0) {
                throw new IllegalArgumentException("all local addresses share one port: " + local);
            }
        }
    }

    private static Protocol single(Set<Protocol> protocols) {
        if (protocols.size() != 1) {
            throw new IllegalArgumentException("a TCP connection carries exactly one protocol, not " + protocols);
        }
        return protocols.iterator().next();
    }

    @Override
    public String toString() {
        return "tcp";
    }
}
