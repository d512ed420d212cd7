package org.raypool.registrar.handlespace;

import java.util.Optional;

/**
 * Protocol of a pool element's user transport; all PEs of a pool must use the same one.
 * The numbers are the transport parameter types of {@code asap-enrp-wire.md} §4.3.
 */
public enum TransportProtocol {
    DCCP(0x0003),
    SCTP(0x0004),
    TCP(0x0005),
    UDP(0x0006),
    UDP_LITE(0x0007);

    private final int parameterType;

    TransportProtocol(int parameterType) {
        this.parameterType = parameterType;
    }

    public int parameterType() {
        return parameterType;
    }

    public static Optional<TransportProtocol> fromParameterType(int parameterType) {
        for (TransportProtocol p : values()) {
            if (p.parameterType == parameterType) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
