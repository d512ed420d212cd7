package org.raypool.wire.enrp;

import java.util.List;

import org.raypool.wire.param.ServerInformation;

/** List Response (0x06): one Server Information per known peer. R bit {@code rejected} (RSPLIB never sets it). */
public record ListResponse(int senderServerIdentifier, int receiverServerIdentifier, boolean rejected,
        List<ServerInformation> servers) implements EnrpMessage {

    public static final int R_BIT = 0x01;

    public ListResponse {
        servers = List.copyOf(servers);
    }

    @Override
    public EnrpMessageType type() {
        return EnrpMessageType.LIST_RESPONSE;
    }
}
