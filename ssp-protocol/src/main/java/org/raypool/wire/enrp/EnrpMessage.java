package org.raypool.wire.enrp;

/**
 * One ENRP message (RFC 5353 as implemented by RSPLIB, docs/protocol/asap-enrp-wire.md §6). Every one starts with the
 * sender's and the receiver's server ID (0 = unknown, e.g. multicast Presence); {@link EnrpCodec} encodes and decodes.
 */
public sealed interface EnrpMessage
        permits Presence, HandleTableRequest, HandleTableResponse, HandleUpdate, ListRequest, ListResponse,
        InitTakeover, InitTakeoverAck, TakeoverServer, EnrpError {

    EnrpMessageType type();

    int senderServerIdentifier();

    int receiverServerIdentifier();
}
