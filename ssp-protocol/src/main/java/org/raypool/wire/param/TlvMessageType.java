package org.raypool.wire.param;

/**
 * A message type of a protocol that uses the common message header (docs/protocol/asap-enrp-wire.md §2): ASAP and ENRP.
 * Both number their types 1..n in declaration order, which {@link #ofCode} relies on.
 */
public interface TlvMessageType {
    /** The Type field as sent. */
    int code();

    /** The name docs/protocol/asap-enrp-wire.md §5/§6 gives it, for diagnostics ("Handle Resolution Response"). */
    String displayName();

    /**
     * The type for a received code, or {@code null}: {@code values[code - 1]} for codes 1..{@code values.length}.
     *
     * @param values an enum's {@code values()}, declared in code order starting at 1
     */
    static <T extends TlvMessageType> T ofCode(T[] values, int code) {
        return code >= 1 && code <= values.length ? values[code - 1] : null;
    }
}
