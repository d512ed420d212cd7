package org.raypool.registrar.handlespace;

/**
 * Why the handlespace refused a registration or an update (registrar-behaviour §3.2 step 5),
 * with the cause code to put into the Operation Error ({@code asap-enrp-wire.md} §4.11).
 *
 * <p>{@link #cause()} is the project's choice (wire §4.11 recommendation): RFC 5354 codes where
 * RSPLIB's internal number has an RFC equivalent that RSPLIB peers still understand, i.e. 0x0007
 * with the offending user transport for a protocol mismatch. {@link #rsplibCause()} is what
 * RSPLIB's registrar itself sends. {@link #info()} says which TLV to attach.
 *
 * <p>Address problems (0xF005 … 0xF008) are decided by the ASAP server before the handlespace
 * is asked, since transports are opaque here.
 */
public enum Rejection {
    /** PE identifier 0. */
    INVALID_ID(0xF000, 0xF000, CauseInfo.NONE),
    /** Unknown policy type, or one RSPLIB cannot select with. */
    INVALID_POOL_POLICY(0xF003, 0xF003, CauseInfo.NONE),
    /** Pool handle length 0 or more than 32 bytes. */
    INVALID_POOL_HANDLE(0xF004, 0xF004, CauseInfo.NONE),
    /** Policy type differs from the pool's ("Pooling Policy Inconsistent"). */
    INCOMPATIBLE_POOL_POLICY(0x0005, 0x0005, CauseInfo.POLICY),
    /** User-transport protocol differs from the pool's ("Inconsistent Transport Type"). */
    INCONSISTENT_TRANSPORT_TYPE(0x0007, 0x100A, CauseInfo.USER_TRANSPORT),
    /** Transport Use (control channel) differs from the pool's ("Inconsistent Data/Control Configuration"). */
    INCONSISTENT_DATA_CONTROL_CONFIGURATION(0x0008, 0x0008, CauseInfo.NONE);

    /** What the Operation Error cause carries as info. */
    public enum CauseInfo {
        NONE,
        /** The PE's Pool Member Selection Policy parameter. */
        POLICY,
        /** The PE's user transport parameter. */
        USER_TRANSPORT
    }

    private final int cause;
    private final int rsplibCause;
    private final CauseInfo info;

    Rejection(int cause, int rsplibCause, CauseInfo info) {
        this.cause = cause;
        this.rsplibCause = rsplibCause;
        this.info = info;
    }

    /** The cause code this project sends. */
    public int cause() {
        return cause;
    }

    /** The cause code RSPLIB's registrar sends (it attaches no info to these). */
    public int rsplibCause() {
        return rsplibCause;
    }

    public CauseInfo info() {
        return info;
    }
}
