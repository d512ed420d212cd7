package org.raypool.wire.param;

/** One ASAP/ENRP parameter (TLV) value; {@link Parameters} turns it into bytes and back. */
public sealed interface Parameter
        permits AddressParameter, TransportParameter, PoolMemberSelectionPolicy, PoolHandle, PoolElement,
        ServerInformation, OperationError, Cookie, PeIdentifier, PeChecksum, HandleResolutionOption {

    ParameterType parameterType();
}
