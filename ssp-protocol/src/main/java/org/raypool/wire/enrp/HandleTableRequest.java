package org.raypool.wire.enrp;

/** Handle Table Request (0x02). {@code ownChildrenOnly} is the W bit: only PEs whose home is the receiver. */
public record HandleTableRequest(int senderServerIdentifier, int receiverServerIdentifier, boolean ownChildrenOnly)
        implements EnrpMessage {

    public static final int W_BIT = 0x01;

    @Override
    public EnrpMessageType type() {
        return EnrpMessageType.HANDLE_TABLE_REQUEST;
    }
}
