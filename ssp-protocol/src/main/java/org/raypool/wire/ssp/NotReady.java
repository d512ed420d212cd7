package org.raypool.wire.ssp;

/** Type 0x00, PE → PU: the PE refuses the session (it is full) and closes the association. */
public record NotReady(int reason, String info) implements SspMessage {
    public static final int REASON_FULLY_LOADED = 1;
    public static final int REASON_OUT_OF_RESOURCES = 2;

    public NotReady {
        Info.check(info);
    }

    public static NotReady fullyLoaded(String info) {
        return new NotReady(REASON_FULLY_LOADED, info);
    }

    @Override
    public SspType type() {
        return SspType.NOT_READY;
    }

    @Override
    public int length() {
        return SspCodec.HEADER_LENGTH + 4 + info.length();
    }
}
