package org.raypool.wire.asap;

import java.util.Objects;

import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;

/**
 * Registration (0x01), PE to PR: register or update {@code (poolHandle, poolElement.identifier())}. The PE must
 * not carry an ASAP transport; the codec passes one through so the registrar can reject it (0xF006).
 */
public record Registration(PoolHandle poolHandle, PoolElement poolElement) implements AsapMessage {
    public Registration {
        Objects.requireNonNull(poolHandle, "poolHandle");
        Objects.requireNonNull(poolElement, "poolElement");
    }

    @Override
    public AsapMessageType type() {
        return AsapMessageType.REGISTRATION;
    }
}
