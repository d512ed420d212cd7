package org.raypool.wire.ssp;

/** Type 0x01, PE → PU: the session is accepted; info is the PE host name. */
public record Ready(String info) implements SspMessage {
    public Ready {
        Info.check(info);
    }

    @Override
    public SspType type() {
        return SspType.READY;
    }

    @Override
    public int length() {
        return SspCodec.HEADER_LENGTH + info.length();
    }
}
