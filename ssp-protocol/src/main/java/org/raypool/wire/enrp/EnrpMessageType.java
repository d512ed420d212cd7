package org.raypool.wire.enrp;

import org.raypool.wire.param.TlvMessageType;

/** ENRP message types (docs/protocol/asap-enrp-wire.md §6). */
public enum EnrpMessageType implements TlvMessageType {
    PRESENCE(0x01, "Presence"),
    HANDLE_TABLE_REQUEST(0x02, "Handle Table Request"),
    HANDLE_TABLE_RESPONSE(0x03, "Handle Table Response"),
    HANDLE_UPDATE(0x04, "Handle Update"),
    LIST_REQUEST(0x05, "List Request"),
    LIST_RESPONSE(0x06, "List Response"),
    INIT_TAKEOVER(0x07, "Init Takeover"),
    INIT_TAKEOVER_ACK(0x08, "Init Takeover Ack"),
    TAKEOVER_SERVER(0x09, "Takeover Server"),
    ERROR(0x0A, "Error");

    /** values() copies its array on every call; decoding looks a type up per message. */
    private static final EnrpMessageType[] VALUES = values();

    private final int code;
    private final String displayName;

    EnrpMessageType(int code, String displayName) {
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
    public static EnrpMessageType ofCode(int code) {
        return TlvMessageType.ofCode(VALUES, code);
    }
}
