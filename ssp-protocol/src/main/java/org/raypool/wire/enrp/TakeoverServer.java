package org.raypool.wire.enrp;

/** Takeover Server (0x09): the sender has taken over the target PR's PEs. */
public record TakeoverServer(int senderServerIdentifier, int receiverServerIdentifier, int targetServerIdentifier)
        implements EnrpMessage {
    @Override
    public EnrpMessageType type() {
        return EnrpMessageType.TAKEOVER_SERVER;
    }
}
