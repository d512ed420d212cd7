package org.raypool.wire.param;

import java.net.InetAddress;
import java.util.List;

/**
 * A transport that carries exactly one address: every kind but SCTP (docs/protocol/asap-enrp-wire.md §4.3). Its address
 * list is that one address, and its {@link #withAddresses} accepts a list of exactly one.
 */
public sealed interface SingleAddressTransport extends TransportParameter
        permits TcpTransport, UdpTransport, UdpLiteTransport, DccpTransport {

    InetAddress address();

    /** The one {@link #address()}. */
    @Override
    default List<InetAddress> addresses() {
        return List.of(address());
    }
}
