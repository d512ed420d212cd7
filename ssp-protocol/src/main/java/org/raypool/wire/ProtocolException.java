package org.raypool.wire;

import java.util.Arrays;

/**
 * The one exception every decoder throws on malformed input. It carries what a registrar needs to answer with an
 * ASAP/ENRP Error (docs/protocol/registrar-behaviour.md §3.8): the RSPLIB error cause, the offending TLV (for causes
 * 0x0001, 0x0003 and 0x0011) and whether the failure must stay silent (unknown parameter with action 00).
 */
public final class ProtocolException extends Exception {
    /** RSPLIB error numbers that can appear as causes (docs/protocol/asap-enrp-wire.md §4.11). */
    public static final int CAUSE_UNRECOGNIZED_PARAMETER = 0x0001;
    public static final int CAUSE_UNRECOGNIZED_MESSAGE = 0x0002;
    public static final int CAUSE_INVALID_TLV = 0x0003;
    public static final int CAUSE_INVALID_MESSAGE = 0x0010;
    public static final int CAUSE_INVALID_VALUE = 0x0011;
    public static final int CAUSE_UNSUPPORTED_POLICY = 0x100B;

    private final int cause;
    private final byte[] offendingTlv;
    private final boolean silent;

    public ProtocolException(String message) {
        this(message, CAUSE_INVALID_MESSAGE, null, false);
    }

    public ProtocolException(String message, int cause, byte[] offendingTlv, boolean silent) {
        super(message, null, false, false);
        this.cause = cause;
        this.offendingTlv = offendingTlv == null ? null : offendingTlv.clone();
        this.silent = silent;
    }

    /** The RSPLIB error cause to report. */
    public int cause() {
        return cause;
    }

    /** The offending parameter, or {@code null}. */
    public byte[] offendingTlv() {
        return offendingTlv == null ? null : offendingTlv.clone();
    }

    /** True when the sender must not be told (unknown parameter whose type says "stop silently"). */
    public boolean silent() {
        return silent;
    }

    @Override
    public String toString() {
        return "ProtocolException[cause=0x" + Integer.toHexString(cause) + ", " + getMessage()
                + (offendingTlv == null ? "" : ", tlv=" + Arrays.toString(offendingTlv)) + "]";
    }
}
