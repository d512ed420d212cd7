package org.raypool.transport.sctp;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.raypool.transport.Association;
import org.raypool.transport.LoopTransports;
import org.raypool.transport.Transport;
import org.raypool.transport.TransportOptions;

/** The association contract and SCTP's own tests with every association on an I/O loop (the registrar's mode). */
class SctpLoopAssociationTest extends SctpAssociationTest {

    @RegisterExtension
    final LoopTransports loops = new LoopTransports();

    @Override
    protected Transport transport(TransportOptions options) {
        return loops.transport(loop -> new SctpTransport(options, loop));
    }

    @Override
    protected void assertCallbackThread(String thread, Association association) {
        loops.assertLoopThread(thread);
    }
}
