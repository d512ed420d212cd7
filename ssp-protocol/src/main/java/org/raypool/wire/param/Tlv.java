package org.raypool.wire.param;

/**
 * Position of one received parameter inside a message: its type as sent (action bits included), its offset from
 * the message start and its Length field (header included, padding excluded).
 */
public record Tlv(int type, int offset, int length) {

    /** The known type, action bits ignored; {@code null} if unknown. */
    public ParameterType parameterType() {
        return ParameterType.ofType(type);
    }

    public int valueOffset() {
        return offset + 4;
    }

    public int valueLength() {
        return length - 4;
    }

    public int end() {
        return offset + length;
    }

    @Override
    public String toString() {
        return ParameterType.describe(type) + " at offset " + offset + ", length " + length;
    }
}
