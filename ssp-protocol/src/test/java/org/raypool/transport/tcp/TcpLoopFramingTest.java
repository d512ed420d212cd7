package org.raypool.transport.tcp;

import org.junit.jupiter.api.AfterEach;
import org.raypool.transport.IoLoop;
import org.raypool.transport.TransportOptions;

/** The raw TCP framing read by the loop mode's non-blocking parser. */
class TcpLoopFramingTest extends TcpFramingTest {

    private IoLoop loop;

    @Override
    TcpTransport transport() {
        loop = new IoLoop("test-loop");
        return new TcpTransport(TransportOptions.DEFAULTS, loop);
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }
}
