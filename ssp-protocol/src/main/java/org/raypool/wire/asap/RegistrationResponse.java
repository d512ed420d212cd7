package org.raypool.wire.asap;

import java.util.Objects;
import java.util.Optional;

import org.raypool.wire.param.OperationError;
import org.raypool.wire.param.PoolHandle;

/**
 * Registration Response (0x03), PR to PE. A rejection sets the R bit and carries an Operation Error; received
 * messages may have either alone, and RSPLIB PEs treat either as failure ({@link #isFailure()}).
 */
public record RegistrationResponse(PoolHandle poolHandle, int peIdentifier, boolean rejected,
        Optional<OperationError> error) implements AsapMessage {

    public static final int R_BIT = 0x01;

    public RegistrationResponse {
        Objects.requireNonNull(poolHandle, "poolHandle");
        Objects.requireNonNull(error, "error");
    }

    public static RegistrationResponse accepted(PoolHandle poolHandle, int peIdentifier) {
        return new RegistrationResponse(poolHandle, peIdentifier, false, Optional.empty());
    }

    public static RegistrationResponse rejected(PoolHandle poolHandle, int peIdentifier, OperationError error) {
        return new RegistrationResponse(poolHandle, peIdentifier, true, Optional.of(error));
    }

    public boolean isFailure() {
        return rejected || error.isPresent();
    }

    @Override
    public AsapMessageType type() {
        return AsapMessageType.REGISTRATION_RESPONSE;
    }
}
