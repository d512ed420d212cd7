package org.raypool.wire.enrp;

import java.util.Objects;

import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;

/**
 * Handle Update (0x04): the home PR tells its peers about an added/updated or deleted PE. The PE should carry its
 * ASAP transport (RSPLIB rejects it otherwise, 0xF006); the codec passes either form. {@code takeoverSuggested}
 * is the T bit.
 */
public record HandleUpdate(int senderServerIdentifier, int receiverServerIdentifier, boolean takeoverSuggested,
        UpdateAction action, PoolHandle poolHandle, PoolElement poolElement) implements EnrpMessage {

    public static final int T_BIT = 0x01;

    public HandleUpdate {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(poolHandle, "poolHandle");
        Objects.requireNonNull(poolElement, "poolElement");
    }

    @Override
    public EnrpMessageType type() {
        return EnrpMessageType.HANDLE_UPDATE;
    }
}
