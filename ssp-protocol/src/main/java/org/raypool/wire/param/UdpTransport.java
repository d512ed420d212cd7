package org.raypool.wire.param;

import java.net.InetAddress;
import java.util.List;

/** UDP Transport parameter (0x0006): one address, reserved field instead of Transport Use. */
public record UdpTransport(int port, InetAddress address) implements SingleAddressTransport {

    public UdpTransport {
        Addresses.checkPort(port);
        address = Addresses.normalise(address);
    }

    @Override
    public TransportUse transportUse() {
        return TransportUse.DATA_ONLY;
    }

    @Override
    public ParameterType parameterType() {
        return ParameterType.UDP_TRANSPORT;
    }

    @Override
    public UdpTransport withAddresses(List<InetAddress> newAddresses) {
        return new UdpTransport(port, SingleAddress.only(newAddresses));
    }
}
