package org.raypool.wire.asap;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.raypool.wire.param.ErrorCause;
import org.raypool.wire.param.OperationError;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;

/**
 * Handle Resolution Response (0x06), PR to PU (docs/protocol/asap-enrp-wire.md §5.6): either the pool's policy (a copy
 * of the first selected PE's) followed by the selected PEs, or an Operation Error. At most {@value #MAX_POOL_ELEMENTS}
 * PEs (RSPLIB's MAX_MAX_HANDLE_RESOLUTION_ITEMS).
 */
public record HandleResolutionResponse(PoolHandle poolHandle, Optional<PoolMemberSelectionPolicy> policy,
        List<PoolElement> poolElements, Optional<OperationError> error) implements AsapMessage {

    public static final int MAX_POOL_ELEMENTS = 128;

    public HandleResolutionResponse {
        Objects.requireNonNull(poolHandle, "poolHandle");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(error, "error");
        poolElements = List.copyOf(poolElements);
        if (poolElements.size() > MAX_POOL_ELEMENTS) {
            throw new IllegalArgumentException("at most " + MAX_POOL_ELEMENTS + " PEs, not " + poolElements.size());
        }
        if (error.isPresent() && (policy.isPresent() || !poolElements.isEmpty())) {
            throw new IllegalArgumentException("a failed Handle Resolution Response carries no policy and no PEs");
        }
        if (!poolElements.isEmpty() && policy.isEmpty()) {
            throw new IllegalArgumentException("PEs need the policy parameter in front of them");
        }
    }

    /** Success; the policy parameter is the first PE's, as RSPLIB does. */
    public static HandleResolutionResponse success(PoolHandle poolHandle, List<PoolElement> poolElements) {
        if (poolElements.isEmpty()) {
            throw new IllegalArgumentException("a successful Handle Resolution Response has at least one PE");
        }
        return new HandleResolutionResponse(poolHandle, Optional.of(poolElements.get(0).policy()), poolElements,
                Optional.empty());
    }

    public static HandleResolutionResponse failure(PoolHandle poolHandle, OperationError error) {
        return new HandleResolutionResponse(poolHandle, Optional.empty(), List.of(), Optional.of(error));
    }

    /** The answer for an unknown or empty pool (cause 0x0009 without info). */
    public static HandleResolutionResponse unknownPool(PoolHandle poolHandle) {
        return failure(poolHandle, OperationError.of(ErrorCause.UNKNOWN_POOL_HANDLE));
    }

    @Override
    public AsapMessageType type() {
        return AsapMessageType.HANDLE_RESOLUTION_RESPONSE;
    }
}
