package org.raypool.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.raypool.transport.Association;
import org.raypool.transport.LoopTransports;
import org.raypool.transport.Transport;
import org.raypool.transport.TransportOptions;

/** The association contract over TCP with every association on an I/O loop (the registrar's mode). */
class TcpLoopAssociationTest extends TcpAssociationTest {

    private final LoopTransports loops = new LoopTransports();

    @AfterEach
    void closeLoops() {
        loops.close();
    }

    @Override
    protected Transport transport(TransportOptions options) {
        return loops.transport(loop -> new TcpTransport(options, loop));
    }

    @Override
    protected void assertCallbackThread(String thread, Association association) {
        assertTrue(loops.isLoop(thread), "callback thread " + thread);
    }
}
