package org.raypool.wire.param;

import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Set;

import org.raypool.wire.ProtocolException;

/**
 * Walks the TLVs of one region of a received message (the message body or a parameter's value) by the rules of
 * docs/protocol/asap-enrp-wire.md §3 and §8: every TLV needs Length >= 4 and must end inside the region; the next one
 * starts {@code roundup4(Length)} later, and a last TLV's padding may lie beyond the region (RSPLIB accepts a Length
 * that excluded it). Parameters are expected in documented order; anything else met on the way - unknown types and
 * known ones out of place - is handled by the two action bits of its type. Offsets in messages are from the message
 * start. Used by the ASAP and ENRP codecs; not a general-purpose API.
 */
public final class TlvReader {
    final byte[] buf;
    private final int end;
    private int pos;
    private final boolean strictTail;
    private final String context;
    private final List<byte[]> reported;

    TlvReader(byte[] buf, int start, int end, boolean strictTail, String context, List<byte[]> reported) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
        this.strictTail = strictTail;
        this.context = context;
        this.reported = reported;
    }

    /** Current offset from the message start. */
    public int position() {
        return pos;
    }

    /** Reads a fixed 32-bit field (server IDs and the like). */
    public int u32(String field) throws ProtocolException {
        need(4, field);
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8)
                | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    /** Reads a fixed 16-bit field. */
    public int u16(String field) throws ProtocolException {
        need(2, field);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    private void need(int n, String field) throws ProtocolException {
        if (end - pos < n) {
            throw new ProtocolException(context + ": " + field + " needs " + n + " bytes at offset " + pos
                    + ", only " + Math.max(0, end - pos) + " left", ProtocolException.CAUSE_INVALID_MESSAGE, null, false);
        }
    }

    /**
     * The next TLV of one of the accepted types, or {@code null} at the end of the region. Other TLVs met first:
     * action 10 skip, 11 skip and report, 00 stop silently, 01 stop and report (exception, cause 0x0001).
     */
    public Tlv next(ParameterType... accepted) throws ProtocolException {
        while (pos < end) {
            int left = end - pos;
            if (left < 4) {
                if (!strictTail) {
                    pos = end;
                    return null;
                }
                throw new ProtocolException(context + ": " + left + " trailing byte(s) at offset " + pos
                        + ", too short for a parameter header", ProtocolException.CAUSE_INVALID_MESSAGE, null,
                        false);
            }
            int type = u16At(pos);
            int length = u16At(pos + 2);
            Tlv tlv = new Tlv(type, pos, length);
            if (length < 4) {
                throw failure(tlv, "Length " + length + " is less than 4", ProtocolException.CAUSE_INVALID_TLV);
            }
            if (length > left) {
                throw new ProtocolException(context + ": " + tlv + " overruns the enclosing end at offset " + end
                        + " by " + (length - left) + " byte(s)", ProtocolException.CAUSE_INVALID_TLV,
                        Arrays.copyOfRange(buf, pos, end), false);
            }
            pos += (length + 3) & ~3;
            ParameterType known = tlv.parameterType();
            for (ParameterType a : accepted) {
                if (a == known) {
                    return tlv;
                }
            }
            switch (type >>> 14) {
                case 0:
                    throw new ProtocolException(unexpected(tlv, accepted) + "; action bits 00: stop silently",
                            ProtocolException.CAUSE_UNRECOGNIZED_PARAMETER, bytes(tlv), true);
                case 1:
                    throw new ProtocolException(unexpected(tlv, accepted) + "; action bits 01: stop and report",
                            ProtocolException.CAUSE_UNRECOGNIZED_PARAMETER, bytes(tlv), false);
                case 3:
                    reported.add(bytes(tlv));
                    break;
                default:
                    break;
            }
        }
        return null;
    }

    /** Whether a TLV header follows whose type (action bits ignored) is one of {@code types}. */
    public boolean nextIs(ParameterType... types) {
        if (end - pos < 4) {
            return false;
        }
        ParameterType known = ParameterType.ofType(u16At(pos));
        for (ParameterType t : types) {
            if (t == known) {
                return true;
            }
        }
        return false;
    }

    /** The next TLV, which must be of the given type. */
    public Tlv require(ParameterType type) throws ProtocolException {
        return require(new ParameterType[] {type});
    }

    /** The next TLV, which must be of one of the given types. */
    public Tlv require(ParameterType... types) throws ProtocolException {
        Tlv tlv = next(types);
        if (tlv == null) {
            throw new ProtocolException(context + ": missing " + names(types) + " parameter at offset "
                    + Math.min(pos, end), ProtocolException.CAUSE_INVALID_MESSAGE, null, false);
        }
        return tlv;
    }

    /** Checks that nothing but skippable parameters is left. */
    public void finish() throws ProtocolException {
        next();
    }

    /** A reader over a parameter's value, starting {@code skip} bytes into it; short surplus at its end is ignored. */
    TlvReader inside(Tlv tlv, int skip, String what) {
        return new TlvReader(buf, tlv.valueOffset() + skip, tlv.end(), false, context + ", " + what, reported);
    }

    int u16At(int at) {
        return ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
    }

    int u32At(int at) {
        return (u16At(at) << 16) | u16At(at + 2);
    }

    byte[] bytes(Tlv tlv) {
        return Arrays.copyOfRange(buf, tlv.offset(), tlv.end());
    }

    byte[] value(Tlv tlv, int skip) {
        return Arrays.copyOfRange(buf, tlv.valueOffset() + skip, tlv.end());
    }

    /** An exception about a whole TLV, which is attached as the offending parameter. */
    ProtocolException failure(Tlv tlv, String problem, int cause) {
        int to = Math.min(tlv.offset() + Math.max(tlv.length(), 4), buf.length);
        return new ProtocolException(context + ": " + tlv + ": " + problem, cause,
                Arrays.copyOfRange(buf, tlv.offset(), to), false);
    }

    private String unexpected(Tlv tlv, ParameterType[] accepted) {
        return context + ": " + (tlv.parameterType() == null ? "" : "unexpected ") + tlv
                + (accepted.length == 0 ? " where the message ends" : " where " + names(accepted) + " was expected");
    }

    private static String names(ParameterType[] types) {
        Set<String> labels = new LinkedHashSet<>();
        for (ParameterType t : types) {
            labels.add(t.isTransport() ? "Transport" : t.displayName());
        }
        return String.join(" or ", labels);
    }
}
