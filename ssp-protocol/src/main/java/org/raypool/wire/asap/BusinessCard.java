package org.raypool.wire.asap;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.raypool.wire.param.PoolElement;
import org.raypool.wire.param.PoolHandle;
import org.raypool.wire.param.PoolMemberSelectionPolicy;

/** Business Card (0x0D): a pool handle, RSPLIB's optional policy, and PEs. Not used by the Scripting Service. */
public record BusinessCard(PoolHandle poolHandle, Optional<PoolMemberSelectionPolicy> policy,
        List<PoolElement> poolElements) implements AsapMessage {

    public BusinessCard {
        Objects.requireNonNull(poolHandle, "poolHandle");
        Objects.requireNonNull(policy, "policy");
        poolElements = List.copyOf(poolElements);
    }

    @Override
    public AsapMessageType type() {
        return AsapMessageType.BUSINESS_CARD;
    }
}
