package org.raypool.registrar;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.raypool.transport.AssociationListener;
import org.raypool.transport.ListeningEndpoint;
import org.raypool.transport.Transport;
import org.raypool.wire.Protocol;

/** How the registrar's ASAP and ENRP endpoints pick their port. */
public final class Endpoints {
    private Endpoints() {}

    /**
     * Listens on {@code local}. Over SCTP, port 0 means RSPLIB's "auto": a random port in 10000..59999 (peers and
     * clients learn it from the announces); over TCP it means a port the kernel chooses.
     */
    public static ListeningEndpoint listen(Transport transport, List<InetSocketAddress> local, Protocol protocol,
            AssociationListener listener) throws IOException {
        if (local.get(0).getPort() != 0 || !"sctp".equals(transport.name())) {
            return transport.listen(local, protocol, listener);
        }
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = 10000 + ThreadLocalRandom.current().nextInt(50000);
            try {
                return transport.listen(local.stream().map(a -> new InetSocketAddress(a.getAddress(), port)).toList(),
                        protocol, listener);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }
}
