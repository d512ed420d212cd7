package org.raypool.wire.param;

import java.net.InetAddress;

/**
 * A lone IPv4 (0x0001) or IPv6 (0x0002) Address parameter. Transports hold plain {@link InetAddress}es; this
 * record exists for addresses met on their own, e.g. as the offending parameter inside an error cause.
 */
public record AddressParameter(InetAddress address) implements Parameter {
    public AddressParameter {
        address = Addresses.normalise(address);
    }

    @Override
    public ParameterType parameterType() {
        return Addresses.isV4(address) ? ParameterType.IPV4_ADDRESS : ParameterType.IPV6_ADDRESS;
    }
}
