package org.raypool.transport.sctp;

import org.junit.jupiter.api.BeforeEach;
import org.raypool.transport.IoLoop;
import org.raypool.transport.LoopModeContractTest;
import org.raypool.transport.Transport;
import org.raypool.transport.TransportOptions;

/** The loop mode's own promises over SCTP on loopback. */
class SctpLoopModeTest extends LoopModeContractTest {

    @BeforeEach
    void sctp() {
        SctpAvailability.assumeSctp();
    }

    @Override
    protected Transport transport(TransportOptions options, IoLoop loop) {
        return new SctpTransport(options, loop);
    }
}
