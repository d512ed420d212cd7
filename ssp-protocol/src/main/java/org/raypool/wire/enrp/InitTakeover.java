package org.raypool.wire.enrp;

/** Init Takeover (0x07): the sender wants to take over the target PR's PEs. */
public record InitTakeover(int senderServerIdentifier, int receiverServerIdentifier, int targetServerIdentifier)
        implements EnrpMessage {
    @Override
    public EnrpMessageType type() {
        return EnrpMessageType.INIT_TAKEOVER;
    }
}
