package org.raypool.wire.param;

import java.net.InetAddress;
import java.util.List;

/**
 * A transport address parameter (types 0x0003-0x0007, docs/protocol/asap-enrp-wire.md §4.3): where a PE, PR or
 * registrator endpoint can be reached. Port 0 is representable; whether it is acceptable is the registrar's decision
 * (cause 0xF005).
 */
public sealed interface TransportParameter extends Parameter
        permits SctpTransport, SingleAddressTransport {

    /** RSPLIB's MAX_PE_TRANSPORTADDRESSES: at most this many addresses in one SCTP transport. */
    int MAX_ADDRESSES = 64;

    int port();

    /** The addresses in wire order; exactly one for every protocol but SCTP ({@link SingleAddressTransport}). */
    List<InetAddress> addresses();

    /** Transport Use; UDP, UDP-Lite and DCCP have a reserved field instead and report {@code DATA_ONLY}. */
    TransportUse transportUse();

    /** The same transport with another address list (for registrar-side address filtering). */
    TransportParameter withAddresses(List<InetAddress> addresses);
}
