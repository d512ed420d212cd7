package org.raypool.wire.param;

/**
 * Handle Resolution Option parameter (0x803F, draft-dreibholz-rserpool-asap-hropt): how many PE identities a
 * PU wants in the Handle Resolution Response (unsigned 32-bit).
 */
public record HandleResolutionOption(long items) implements Parameter {

    /** "As many as possible". */
    public static final long ALL_ITEMS = 0xFFFF_FFFFL;

    public HandleResolutionOption {
        if (items < 0 || items > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("items is unsigned 32-bit: " + items);
        }
    }

    @Override
    public ParameterType parameterType() {
        return ParameterType.HANDLE_RESOLUTION_OPTION;
    }
}
