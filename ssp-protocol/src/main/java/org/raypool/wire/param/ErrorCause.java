package org.raypool.wire.param;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

import org.raypool.wire.ProtocolException;

/**
 * One error cause inside an Operation Error (docs/protocol/asap-enrp-wire.md §4.11): a 16-bit code and its info bytes,
 * kept raw so that they re-encode exactly. The info often is a whole parameter TLV ({@link #withParameter}, {@link
 * #parameter()}).
 */
public record ErrorCause(int code, byte[] info) {

    // RFC 5354 cause codes.
    public static final int UNRECOGNIZED_PARAMETER = 0x0001;
    public static final int UNRECOGNIZED_MESSAGE = 0x0002;
    public static final int INVALID_VALUES = 0x0003;
    public static final int NON_UNIQUE_PE_IDENTIFIER = 0x0004;
    public static final int POOLING_POLICY_INCONSISTENT = 0x0005;
    public static final int LACK_OF_RESOURCES = 0x0006;
    public static final int INCONSISTENT_TRANSPORT_TYPE = 0x0007;
    public static final int INCONSISTENT_DATA_CONTROL_CONFIGURATION = 0x0008;
    public static final int UNKNOWN_POOL_HANDLE = 0x0009;
    public static final int REJECTED_SECURITY = 0x000A;
    // RSPLIB internal error numbers that RSPLIB puts on the wire.
    public static final int RSPLIB_INVALID_MESSAGE = 0x0010;
    public static final int RSPLIB_INVALID_VALUE = 0x0011;
    public static final int RSPLIB_WRONG_PROTOCOL = 0x100A;
    public static final int RSPLIB_UNSUPPORTED_POLICY = 0x100B;
    public static final int RSPLIB_INVALID_ID = 0xF000;
    public static final int RSPLIB_INVALID_POLICY = 0xF003;
    public static final int RSPLIB_INVALID_POOL_HANDLE = 0xF004;
    public static final int RSPLIB_INVALID_ADDRESSES = 0xF005;
    public static final int RSPLIB_INVALID_REGISTRATOR = 0xF006;
    public static final int RSPLIB_NO_USABLE_ASAP_ADDRESSES = 0xF007;
    public static final int RSPLIB_NO_USABLE_USER_ADDRESSES = 0xF008;

    /** Largest info: the cause length is 16 bits and includes the 4-byte cause header. */
    public static final int MAX_INFO_LENGTH = 0xFFFF - 4;

    public ErrorCause {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("cause code is 16-bit: " + code);
        }
        Objects.requireNonNull(info, "info");
        if (info.length > MAX_INFO_LENGTH) {
            throw new IllegalArgumentException("cause info too long: " + info.length);
        }
        info = info.clone();
    }

    /** A cause without info. */
    public static ErrorCause of(int code) {
        return new ErrorCause(code, new byte[0]);
    }

    /** A cause whose info is a parameter TLV (without trailing padding), e.g. the offending policy for 0x0005. */
    public static ErrorCause withParameter(int code, Parameter parameter) {
        return new ErrorCause(code, Parameters.encodeUnpadded(parameter));
    }

    /** The cause a decoder failure asks for: its cause code and, if any, the offending TLV as info. */
    public static ErrorCause of(ProtocolException e) {
        byte[] tlv = e.offendingTlv();
        return new ErrorCause(e.cause(), tlv == null ? new byte[0] : tlv);
    }

    @Override
    public byte[] info() {
        return info.clone();
    }

    /** The info decoded as one parameter, if it is a well-formed known one. */
    public Optional<Parameter> parameter() {
        try {
            return Optional.of(Parameters.decode(info));
        } catch (ProtocolException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorCause other && code == other.code && Arrays.equals(info, other.info);
    }

    @Override
    public int hashCode() {
        return 31 * code + Arrays.hashCode(info);
    }

    /** The cause code with its meaning, for log lines and error messages: "0x0005 pooling policy inconsistent". */
    public String describe() {
        String meaning = switch (code) {
            case UNRECOGNIZED_PARAMETER -> "unrecognized parameter";
            case UNRECOGNIZED_MESSAGE -> "unrecognized message";
            case INVALID_VALUES -> "invalid values";
            case NON_UNIQUE_PE_IDENTIFIER -> "non-unique PE identifier";
            case POOLING_POLICY_INCONSISTENT -> "pooling policy inconsistent with the pool's";
            case LACK_OF_RESOURCES -> "lack of resources";
            case INCONSISTENT_TRANSPORT_TYPE -> "transport type inconsistent with the pool's";
            case INCONSISTENT_DATA_CONTROL_CONFIGURATION -> "data/control configuration inconsistent with the pool's";
            case UNKNOWN_POOL_HANDLE -> "unknown pool handle";
            case REJECTED_SECURITY -> "rejected for security reasons";
            case RSPLIB_INVALID_MESSAGE -> "invalid message";
            case RSPLIB_INVALID_VALUE -> "invalid value";
            case RSPLIB_WRONG_PROTOCOL -> "transport protocol differs from the pool's";
            case RSPLIB_UNSUPPORTED_POLICY -> "unsupported pool policy";
            case RSPLIB_INVALID_ID -> "invalid PE identifier";
            case RSPLIB_INVALID_POLICY -> "invalid pool policy";
            case RSPLIB_INVALID_POOL_HANDLE -> "invalid pool handle";
            case RSPLIB_INVALID_ADDRESSES -> "invalid addresses";
            case RSPLIB_INVALID_REGISTRATOR -> "invalid registrator transport";
            case RSPLIB_NO_USABLE_ASAP_ADDRESSES -> "no usable ASAP endpoint addresses";
            case RSPLIB_NO_USABLE_USER_ADDRESSES -> "no usable user endpoint addresses";
            default -> "unknown cause";
        };
        return String.format("0x%04x %s", code, meaning);
    }

    @Override
    public String toString() {
        return String.format("ErrorCause[0x%04x%s]", code, info.length == 0 ? "" : ", " + HexFormat.of().formatHex(info));
    }
}
