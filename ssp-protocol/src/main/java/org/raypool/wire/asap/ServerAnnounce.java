package org.raypool.wire.asap;

import java.util.List;

import org.raypool.wire.param.TransportParameter;

/**
 * Server Announce (0x0A), PR to the multicast group. RSPLIB sends no transports (receivers use the UDP source);
 * in [PROJECT] TCP mode one TCP transport tells the ASAP TCP port.
 */
public record ServerAnnounce(int serverIdentifier, List<TransportParameter> transports) implements AsapMessage {
    public ServerAnnounce {
        transports = List.copyOf(transports);
    }

    public static ServerAnnounce of(int serverIdentifier, TransportParameter... transports) {
        return new ServerAnnounce(serverIdentifier, List.of(transports));
    }

    @Override
    public AsapMessageType type() {
        return AsapMessageType.SERVER_ANNOUNCE;
    }
}
