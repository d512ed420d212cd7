package org.raypool.transport.tcp;

import org.raypool.transport.SharedPortContractTest;
import org.raypool.transport.Transport;

/** TCP shares the port with SO_REUSEPORT and sends no opening message. */
class TcpSharedPortTest extends SharedPortContractTest {
    @Override
    protected Transport transport() {
        return new TcpTransport();
    }

    @Override
    protected boolean sendsOpening() {
        return false;
    }
}
