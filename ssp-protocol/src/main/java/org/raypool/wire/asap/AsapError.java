package org.raypool.wire.asap;

import java.util.Objects;

import org.raypool.wire.param.OperationError;

/** Error (0x0E): the answer to an ASAP message that failed to parse; never sent in reply to an Error. */
public record AsapError(OperationError error) implements AsapMessage {
    public AsapError {
        Objects.requireNonNull(error, "error");
    }

    @Override
    public AsapMessageType type() {
        return AsapMessageType.ERROR;
    }
}
