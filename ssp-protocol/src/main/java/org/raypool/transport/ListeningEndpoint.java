package org.raypool.transport;

import java.io.Closeable;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.raypool.wire.Protocol;

/**
 * A listening socket (or, for TCP on several addresses, a set of them sharing one port). Accepted associations
 * get the listener given to {@link Transport#listen}; closing the endpoint stops accepting and leaves them open.
 */
public interface ListeningEndpoint extends Closeable {

    /** The bound addresses, with the actual port. */
    List<InetSocketAddress> localAddresses();

    /** The bound port; the one chosen by the kernel when port 0 was asked for. */
    default int port() {
        return localAddresses().get(0).getPort();
    }

    Set<Protocol> protocols();

    boolean isOpen();

    /** Stops accepting; once it returns, new connection attempts are refused. Idempotent. */
    @Override
    void close();
}
