package org.raypool.wire.param;

import java.net.InetAddress;
import java.util.List;

/** DCCP Transport parameter (0x0003): port, reserved, 32-bit service code, one address. Not in RSPLIB. */
public record DccpTransport(int port, long serviceCode, InetAddress address) implements SingleAddressTransport {

    public DccpTransport {
        Addresses.checkPort(port);
        if (serviceCode < 0 || serviceCode > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("DCCP service code is unsigned 32-bit: " + serviceCode);
        }
        address = Addresses.normalise(address);
    }

    @Override
    public TransportUse transportUse() {
        return TransportUse.DATA_ONLY;
    }

    @Override
    public ParameterType parameterType() {
        return ParameterType.DCCP_TRANSPORT;
    }

    @Override
    public DccpTransport withAddresses(List<InetAddress> newAddresses) {
        return new DccpTransport(port, serviceCode, SingleAddress.only(newAddresses));
    }
}
