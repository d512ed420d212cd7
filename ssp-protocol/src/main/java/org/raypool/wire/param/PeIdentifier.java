package org.raypool.wire.param;

/**
 * Pool Element Identifier parameter (0x000E). Identifier 0 is representable on purpose: RSPLIB rejects it at
 * registration with cause 0xF000, and the registrar can only send that answer if the codec lets it through.
 */
public record PeIdentifier(int value) implements Parameter {

    @Override
    public ParameterType parameterType() {
        return ParameterType.POOL_ELEMENT_IDENTIFIER;
    }

    @Override
    public String toString() {
        return String.format("PeIdentifier[0x%08x]", value);
    }
}
