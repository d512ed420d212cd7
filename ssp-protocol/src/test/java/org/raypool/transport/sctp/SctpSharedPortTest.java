package org.raypool.transport.sctp;

import org.junit.jupiter.api.BeforeEach;
import org.raypool.transport.SharedPortContractTest;
import org.raypool.transport.Transport;

/** SCTP's client port is a one-to-many socket: it opens an association by sending the opening message. */
class SctpSharedPortTest extends SharedPortContractTest {
    @BeforeEach
    void sctp() {
        SctpAvailability.assumeSctp();
    }

    @Override
    protected Transport transport() {
        return SctpTransport.unavailableReason() == null ? new SctpTransport() : null;
    }

    @Override
    protected boolean sendsOpening() {
        return true;
    }
}
