package org.raypool.wire.asap;

/**
 * One ASAP message (RFC 5352 as implemented by RSPLIB, docs/protocol/asap-enrp-wire.md §5); {@link AsapCodec} encodes
 * and decodes.
 */
public sealed interface AsapMessage
        permits Registration, Deregistration, RegistrationResponse, DeregistrationResponse, HandleResolution,
        HandleResolutionResponse, EndpointKeepAlive, EndpointKeepAliveAck, EndpointUnreachable, ServerAnnounce,
        CookieMessage, CookieEcho, BusinessCard, AsapError {

    AsapMessageType type();
}
