package org.raypool.wire.asap;

import org.raypool.wire.param.TlvMessageType;

/** ASAP message types (docs/protocol/asap-enrp-wire.md §5). */
public enum AsapMessageType implements TlvMessageType {
    REGISTRATION(0x01, "Registration"),
    DEREGISTRATION(0x02, "Deregistration"),
    REGISTRATION_RESPONSE(0x03, "Registration Response"),
    DEREGISTRATION_RESPONSE(0x04, "Deregistration Response"),
    HANDLE_RESOLUTION(0x05, "Handle Resolution"),
    HANDLE_RESOLUTION_RESPONSE(0x06, "Handle Resolution Response"),
    ENDPOINT_KEEP_ALIVE(0x07, "Endpoint Keep-Alive"),
    ENDPOINT_KEEP_ALIVE_ACK(0x08, "Endpoint Keep-Alive Ack"),
    ENDPOINT_UNREACHABLE(0x09, "Endpoint Unreachable"),
    SERVER_ANNOUNCE(0x0A, "Server Announce"),
    COOKIE(0x0B, "Cookie"),
    COOKIE_ECHO(0x0C, "Cookie Echo"),
    BUSINESS_CARD(0x0D, "Business Card"),
    ERROR(0x0E, "Error");

    /** values() copies its array on every call; decoding looks a type up per message. */
    private static final AsapMessageType[] VALUES = values();

    private final int code;
    private final String displayName;

    AsapMessageType(int code, String displayName) {
        this.code = code;
        this.displayName = displayName;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    /** The type for a received code, or {@code null}. */
    public static AsapMessageType ofCode(int code) {
        return TlvMessageType.ofCode(VALUES, code);
    }
}
