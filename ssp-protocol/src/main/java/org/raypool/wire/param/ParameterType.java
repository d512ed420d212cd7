package org.raypool.wire.param;

/**
 * ASAP/ENRP parameter types (docs/protocol/asap-enrp-wire.md §4). Received types are matched with the two action bits
 * masked off (docs/protocol/asap-enrp-wire.md §3), so {@link #ofType(int)} also finds e.g. 0x4009 as {@link
 * #POOL_HANDLE}.
 */
public enum ParameterType {
    IPV4_ADDRESS(0x0001, "IPv4 Address"),
    IPV6_ADDRESS(0x0002, "IPv6 Address"),
    DCCP_TRANSPORT(0x0003, "DCCP Transport"),
    SCTP_TRANSPORT(0x0004, "SCTP Transport"),
    TCP_TRANSPORT(0x0005, "TCP Transport"),
    UDP_TRANSPORT(0x0006, "UDP Transport"),
    UDP_LITE_TRANSPORT(0x0007, "UDP-Lite Transport"),
    POOL_MEMBER_SELECTION_POLICY(0x0008, "Pool Member Selection Policy"),
    POOL_HANDLE(0x0009, "Pool Handle"),
    POOL_ELEMENT(0x000A, "Pool Element"),
    SERVER_INFORMATION(0x000B, "Server Information"),
    OPERATION_ERROR(0x000C, "Operation Error"),
    COOKIE(0x000D, "Cookie"),
    POOL_ELEMENT_IDENTIFIER(0x000E, "Pool Element Identifier"),
    PE_CHECKSUM(0x000F, "PE Checksum"),
    HANDLE_RESOLUTION_OPTION(0x803F, "Handle Resolution Option");

    /** The two most significant bits of a parameter type: what to do with an unrecognised parameter. */
    public static final int ACTION_MASK = 0xC000;

    private static final ParameterType[] BY_BASE = new ParameterType[0x40];

    static {
        for (ParameterType t : values()) {
            BY_BASE[t.baseType()] = t;
        }
    }

    private final int code;
    private final String displayName;

    ParameterType(int code, String displayName) {
        this.code = code;
        this.displayName = displayName;
    }

    /** The type as sent, including the action bits (only 0x803F has any). */
    public int code() {
        return code;
    }

    public int baseType() {
        return code & ~ACTION_MASK;
    }

    public String displayName() {
        return displayName;
    }

    /** The known type for a received 16-bit type (action bits ignored), or {@code null}. */
    public static ParameterType ofType(int receivedType) {
        int base = receivedType & 0x3FFF;
        return base < BY_BASE.length ? BY_BASE[base] : null;
    }

    public boolean isTransport() {
        return this == DCCP_TRANSPORT || this == SCTP_TRANSPORT || this == TCP_TRANSPORT
                || this == UDP_TRANSPORT || this == UDP_LITE_TRANSPORT;
    }

    /** "Pool Handle (0x0009)" or "unknown parameter (0x1234)" for diagnostics. */
    public static String describe(int receivedType) {
        ParameterType t = ofType(receivedType);
        return (t == null ? "unknown parameter" : t.displayName + " parameter")
                + " (type " + WireText.hex(receivedType, 4) + ")";
    }
}
