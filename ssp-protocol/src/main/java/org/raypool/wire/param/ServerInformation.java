package org.raypool.wire.param;

import java.util.Objects;

/**
 * Server Information parameter (0x000B): a registrar's ID and its ENRP transport (docs/protocol/asap-enrp-wire.md
 * §4.7).
 */
public record ServerInformation(int serverIdentifier, TransportParameter transport) implements Parameter {

    public ServerInformation {
        Objects.requireNonNull(transport, "transport");
    }

    @Override
    public ParameterType parameterType() {
        return ParameterType.SERVER_INFORMATION;
    }

    @Override
    public String toString() {
        return String.format("ServerInformation[0x%08x, %s]", serverIdentifier, transport);
    }
}
