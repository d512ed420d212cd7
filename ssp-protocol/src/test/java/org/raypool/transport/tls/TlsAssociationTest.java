package org.raypool.transport.tls;

import org.raypool.transport.AssociationContractTest;
import org.raypool.transport.Transport;
import org.raypool.transport.TransportOptions;
import org.raypool.transport.tcp.TcpTransport;

/** The whole association contract over TCP with mutual TLS 1.3, a reader thread per association. */
class TlsAssociationTest extends AssociationContractTest {

    static final TlsPolicy WORKERS = TlsPolicy.accepting(TestCredentials.of(Role.WORKER, "w1"), Role.WORKER);

    @Override
    protected Transport transport(TransportOptions options) {
        return new TcpTransport(options, null, WORKERS);
    }
}
