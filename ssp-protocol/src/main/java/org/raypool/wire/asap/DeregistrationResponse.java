package org.raypool.wire.asap;

import java.util.Objects;
import java.util.Optional;

import org.raypool.wire.param.OperationError;
import org.raypool.wire.param.PoolHandle;

/** Deregistration Response (0x04), PR to PE; RSPLIB answers success even for unknown PEs. */
public record DeregistrationResponse(PoolHandle poolHandle, int peIdentifier, Optional<OperationError> error)
        implements AsapMessage {

    public DeregistrationResponse {
        Objects.requireNonNull(poolHandle, "poolHandle");
        Objects.requireNonNull(error, "error");
    }

    public static DeregistrationResponse success(PoolHandle poolHandle, int peIdentifier) {
        return new DeregistrationResponse(poolHandle, peIdentifier, Optional.empty());
    }

    @Override
    public AsapMessageType type() {
        return AsapMessageType.DEREGISTRATION_RESPONSE;
    }
}
