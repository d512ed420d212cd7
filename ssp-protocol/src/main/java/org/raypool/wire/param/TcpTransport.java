package org.raypool.wire.param;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/** TCP Transport parameter (0x0005): one address; the [PROJECT] TCP mode uses it where SCTP mode uses SCTP. */
public record TcpTransport(int port, TransportUse transportUse, InetAddress address)
        implements SingleAddressTransport {

    public TcpTransport {
        Addresses.checkPort(port);
        Objects.requireNonNull(transportUse, "transportUse");
        address = Addresses.normalise(address);
    }

    @Override
    public ParameterType parameterType() {
        return ParameterType.TCP_TRANSPORT;
    }

    @Override
    public TcpTransport withAddresses(List<InetAddress> newAddresses) {
        return new TcpTransport(port, transportUse, SingleAddress.only(newAddresses));
    }
}
