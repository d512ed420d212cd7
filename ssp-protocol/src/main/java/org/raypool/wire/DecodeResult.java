package org.raypool.wire;

import java.util.List;
import java.util.Objects;

/**
 * A decoded message plus the parameters whose type said "skip and report" (action bits 11,
 * docs/protocol/asap-enrp-wire.md §3): the receiver processes the message and then tells the sender, e.g. with an Error
 * carrying cause 0x0001 per entry.
 *
 * @param unrecognizedParameters each the complete TLV (Length bytes, no padding), in message order
 */
public record DecodeResult<M>(M message, List<byte[]> unrecognizedParameters) {
    public DecodeResult {
        Objects.requireNonNull(message, "message");
        unrecognizedParameters = unrecognizedParameters.stream().map(byte[]::clone).toList();
    }

    @Override
    public List<byte[]> unrecognizedParameters() {
        return unrecognizedParameters.stream().map(byte[]::clone).toList();
    }

    public boolean hasUnrecognizedParameters() {
        return !unrecognizedParameters.isEmpty();
    }
}
