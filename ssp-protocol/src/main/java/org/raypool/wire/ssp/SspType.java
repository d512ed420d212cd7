package org.raypool.wire.ssp;

/** SSP message types (docs/protocol/scripting-service.md §4), with their wire values. */
public enum SspType {
    NOT_READY(0x00),
    READY(0x01),
    UPLOAD(0x02),
    DOWNLOAD(0x03),
    KEEP_ALIVE(0x04),
    KEEP_ALIVE_ACK(0x05),
    STATUS(0x06),
    ENVIRONMENT(0x07);

    private static final SspType[] BY_VALUE = values();

    private final int value;

    SspType(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** The type for a wire value, or {@code null} if SSP does not define it. */
    public static SspType of(int value) {
        return value >= 0 && value < BY_VALUE.length ? BY_VALUE[value] : null;
    }
}
