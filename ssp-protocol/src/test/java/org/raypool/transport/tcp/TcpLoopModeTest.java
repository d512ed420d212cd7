package org.raypool.transport.tcp;

import org.raypool.transport.IoLoop;
import org.raypool.transport.LoopModeContractTest;
import org.raypool.transport.Transport;
import org.raypool.transport.TransportOptions;

/** The loop mode's own promises over TCP on 127.0.0.1. */
class TcpLoopModeTest extends LoopModeContractTest {

    @Override
    protected Transport transport(TransportOptions options, IoLoop loop) {
        return new TcpTransport(options, loop);
    }
}
