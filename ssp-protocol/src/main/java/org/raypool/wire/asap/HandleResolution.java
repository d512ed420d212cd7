package org.raypool.wire.asap;

import java.util.Objects;
import java.util.Optional;

import org.raypool.wire.param.HandleResolutionOption;
import org.raypool.wire.param.PoolHandle;

/** Handle Resolution (0x05), PU to PR, optionally saying how many PEs the PU wants. */
public record HandleResolution(PoolHandle poolHandle, Optional<HandleResolutionOption> option)
        implements AsapMessage {

    public HandleResolution {
        Objects.requireNonNull(poolHandle, "poolHandle");
        Objects.requireNonNull(option, "option");
    }

    public static HandleResolution of(PoolHandle poolHandle) {
        return new HandleResolution(poolHandle, Optional.empty());
    }

    /** RSPLIB sends the option only for a non-zero item count. */
    public static HandleResolution of(PoolHandle poolHandle, long items) {
        return new HandleResolution(poolHandle, Optional.of(new HandleResolutionOption(items)));
    }

    @Override
    public AsapMessageType type() {
        return AsapMessageType.HANDLE_RESOLUTION;
    }
}
