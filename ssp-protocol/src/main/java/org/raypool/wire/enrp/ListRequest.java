package org.raypool.wire.enrp;

/** List Request (0x05): ask a peer for the registrars it knows. */
public record ListRequest(int senderServerIdentifier, int receiverServerIdentifier) implements EnrpMessage {
    @Override
    public EnrpMessageType type() {
        return EnrpMessageType.LIST_REQUEST;
    }
}
