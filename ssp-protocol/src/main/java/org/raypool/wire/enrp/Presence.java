package org.raypool.wire.enrp;

import java.util.Objects;

import org.raypool.wire.param.PeChecksum;
import org.raypool.wire.param.ServerInformation;

/**
 * Presence (0x01). {@code replyRequired} is the R bit; the checksum is the sender's ownership checksum.
 */
public record Presence(int senderServerIdentifier, int receiverServerIdentifier, boolean replyRequired,
        PeChecksum checksum, ServerInformation serverInformation) implements EnrpMessage {

    public static final int R_BIT = 0x01;

    public Presence {
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(serverInformation, "serverInformation");
    }

    @Override
    public EnrpMessageType type() {
        return EnrpMessageType.PRESENCE;
    }
}
