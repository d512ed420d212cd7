package org.raypool.wire.enrp;

/** Init Takeover Ack (0x08): the sender agrees to the receiver taking over the target. */
public record InitTakeoverAck(int senderServerIdentifier, int receiverServerIdentifier, int targetServerIdentifier)
        implements EnrpMessage {
    @Override
    public EnrpMessageType type() {
        return EnrpMessageType.INIT_TAKEOVER_ACK;
    }
}
