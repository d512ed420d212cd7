package org.raypool.wire.param;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/** SCTP Transport parameter (0x0004): a multi-homed endpoint with 1..64 addresses. */
public record SctpTransport(int port, TransportUse transportUse, List<InetAddress> addresses)
        implements TransportParameter {

    public SctpTransport {
        Addresses.checkPort(port);
        Objects.requireNonNull(transportUse, "transportUse");
        addresses = Addresses.normalise(addresses);
        if (addresses.isEmpty() || addresses.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("an SCTP transport needs 1.." + MAX_ADDRESSES + " addresses, not "
                    + addresses.size());
        }
    }

    public static SctpTransport of(int port, TransportUse transportUse, InetAddress... addresses) {
        return new SctpTransport(port, transportUse, List.of(addresses));
    }

    @Override
    public ParameterType parameterType() {
        return ParameterType.SCTP_TRANSPORT;
    }

    @Override
    public SctpTransport withAddresses(List<InetAddress> newAddresses) {
        return new SctpTransport(port, transportUse, newAddresses);
    }
}
