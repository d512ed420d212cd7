package org.raypool.wire.param;

/** The Transport Use field of SCTP and TCP transport parameters (docs/protocol/asap-enrp-wire.md §4.3). */
public enum TransportUse {
    /** 0: only application data on this transport. */
    DATA_ONLY(0),
    /** 1: ASAP control messages (Cookie, Business Card) may share the connection ("control channel"). */
    DATA_PLUS_CONTROL(1);

    private final int code;

    TransportUse(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The value for a received code, or {@code null} when it is neither 0 nor 1. */
    public static TransportUse ofCode(int code) {
        return code == 0 ? DATA_ONLY : code == 1 ? DATA_PLUS_CONTROL : null;
    }
}
