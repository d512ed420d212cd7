package org.raypool.wire.ssp;

/**
 * Type 0x06, PE → PU: 0 after the upload means "accepted, processing starts"; after processing it is the job's
 * exit status (0 = success). The 32 bits are unsigned on the wire.
 */
public record Status(int status) implements SspMessage {
    public boolean isSuccess() {
        return status == 0;
    }

    @Override
    public SspType type() {
        return SspType.STATUS;
    }

    @Override
    public int length() {
        return SspCodec.HEADER_LENGTH + 4;
    }

    @Override
    public String toString() {
        return "Status[" + Integer.toUnsignedString(status) + "]";
    }
}
