package org.raypool.transport.tls;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.raypool.transport.Association;
import org.raypool.transport.AssociationContractTest;
import org.raypool.transport.LoopTransports;
import org.raypool.transport.Transport;
import org.raypool.transport.TransportOptions;
import org.raypool.transport.tcp.TcpTransport;

/** The association contract over TCP with mutual TLS 1.3, every association on an I/O loop (the registrar's mode). */
class TlsLoopAssociationTest extends AssociationContractTest {

    @RegisterExtension
    final LoopTransports loops = new LoopTransports();

    @Override
    protected Transport transport(TransportOptions options) {
        return loops.transport(loop -> new TcpTransport(options, loop, TlsAssociationTest.WORKERS));
    }

    @Override
    protected void assertCallbackThread(String thread, Association association) {
        loops.assertLoopThread(thread);
    }
}
