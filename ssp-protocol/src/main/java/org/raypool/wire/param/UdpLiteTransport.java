package org.raypool.wire.param;

import java.net.InetAddress;
import java.util.List;

/** UDP-Lite Transport parameter (0x0007): one address, reserved field. Not implemented by RSPLIB. */
public record UdpLiteTransport(int port, InetAddress address) implements SingleAddressTransport {

    public UdpLiteTransport {
        Addresses.checkPort(port);
        address = Addresses.normalise(address);
    }

    @Override
    public TransportUse transportUse() {
        return TransportUse.DATA_ONLY;
    }

    @Override
    public ParameterType parameterType() {
        return ParameterType.UDP_LITE_TRANSPORT;
    }

    @Override
    public UdpLiteTransport withAddresses(List<InetAddress> newAddresses) {
        return new UdpLiteTransport(port, SingleAddress.only(newAddresses));
    }
}
