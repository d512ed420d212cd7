package org.raypool.registrar.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.raypool.wire.DecodeResult;
import org.raypool.wire.ProtocolException;
import org.raypool.wire.param.ErrorCause;
import org.raypool.wire.param.OperationError;
import org.raypool.wire.param.TlvMessageCodec;

/**
 * The pure decision of the inbound path for ASAP and ENRP alike: bytes in, {@link Verdict} out. At most one Error
 * answers one message (docs/protocol/registrar-behaviour.md §3.8): the unrecognized parameters are aggregated into
 * one Operation Error of at most {@code maxErrorCauses} causes that fits into one message.
 *
 * @param <M> the protocol's message type
 */
public final class InboundDecoder<M> {
    /** Room for the causes in one message: 65535 minus message header, Operation Error header and slack. */
    static final int MAX_CAUSE_BYTES = 65_535 - 64;

    private final TlvMessageCodec<M, ?> codec;
    private final int errorMessageType;
    private final int maxErrorCauses;

    /**
     * @param errorMessageType the protocol's Error message type (ASAP 0x0E, ENRP 0x0A): an Error is never answered
     *                         with an Error (undecodable, or with unknown parameters), so two peers cannot ping-pong
     * @param maxErrorCauses   the most causes in the one Error that answers a message, at least 1
     */
    public InboundDecoder(TlvMessageCodec<M, ?> codec, int errorMessageType, int maxErrorCauses) {
        if (maxErrorCauses < 1) throw new IllegalArgumentException("maxErrorCauses < 1: " + maxErrorCauses);
        this.codec = codec;
        this.errorMessageType = errorMessageType;
        this.maxErrorCauses = maxErrorCauses;
    }

    public Verdict<M> judge(byte[] raw) {
        boolean isError = raw.length > 0 && (raw[0] & 0xFF) == errorMessageType;
        DecodeResult<M> decoded;
        try {
            decoded = codec.decodeReporting(raw);
        } catch (ProtocolException e) {
            if (e.silent() || isError) return new Verdict.Drop<>(e.getMessage());
            return new Verdict.Refuse<>(OperationError.of(ErrorCause.of(e)), e.getMessage());
        }
        return new Verdict.Deliver<>(decoded.message(),
                isError ? Optional.empty() : aggregate(decoded.unrecognizedParameters()));
    }

    private Optional<OperationError> aggregate(List<byte[]> unrecognized) {
        if (unrecognized.isEmpty()) return Optional.empty();
        List<ErrorCause> causes = new ArrayList<>();
        int bytes = 0;
        for (byte[] tlv : unrecognized) {
            int size = 4 + tlv.length;
            if (causes.size() == maxErrorCauses || bytes + size > MAX_CAUSE_BYTES) break;
            causes.add(new ErrorCause(ErrorCause.UNRECOGNIZED_PARAMETER, tlv));
            bytes += size;
        }
        if (causes.isEmpty()) causes.add(ErrorCause.of(ErrorCause.UNRECOGNIZED_PARAMETER));
        return Optional.of(new OperationError(causes));
    }
}
