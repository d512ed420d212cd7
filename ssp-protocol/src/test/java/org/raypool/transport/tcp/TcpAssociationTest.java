package org.raypool.transport.tcp;

import org.raypool.transport.AssociationContractTest;
import org.raypool.transport.Transport;
import org.raypool.transport.TransportOptions;

/** The association contract over TCP on 127.0.0.1. */
class TcpAssociationTest extends AssociationContractTest {

    @Override
    protected Transport transport(TransportOptions options) {
        return new TcpTransport(options);
    }
}
