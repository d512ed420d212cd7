package org.raypool.wire.enrp;

import java.util.Objects;

import org.raypool.wire.param.OperationError;

/** Error (0x0A): the answer to an ENRP message that failed to parse. */
public record EnrpError(int senderServerIdentifier, int receiverServerIdentifier, OperationError error)
        implements EnrpMessage {

    public EnrpError {
        Objects.requireNonNull(error, "error");
    }

    @Override
    public EnrpMessageType type() {
        return EnrpMessageType.ERROR;
    }
}
