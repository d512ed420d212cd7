package org.raypool.wire.param;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntFunction;

import org.raypool.wire.DecodeResult;
import org.raypool.wire.MessageCodec;
import org.raypool.wire.Protocol;
import org.raypool.wire.ProtocolException;

/**
 * The framing ASAP and ENRP share, byte-compatible with RSPLIB (docs/protocol/asap-enrp-wire.md §2, §3, §8): the common
 * header (Type, Flags, Length), a body of fixed fields and TLVs, unknown message types, parameters to skip or report,
 * and the padding to 4 bytes. Subclasses supply the message types and the bodies. Stateless and thread-safe. {@link
 * #decode} reads one message at the buffer's position and moves past it (and its padding, as far as present); on
 * failure the position is unchanged.
 *
 * @param <M> the protocol's message type
 * @param <T> the protocol's enum of message types
 */
public abstract class TlvMessageCodec<M, T extends TlvMessageType> implements MessageCodec<M> {
    private final Protocol protocol;
    private final IntFunction<T> typeOfCode;
    private final Function<M, T> typeOfMessage;

    /**
     * @param typeOfCode    the type for a received Type field, or {@code null} if the protocol has none such
     * @param typeOfMessage the type of a message to encode
     */
    protected TlvMessageCodec(Protocol protocol, IntFunction<T> typeOfCode, Function<M, T> typeOfMessage) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.typeOfCode = Objects.requireNonNull(typeOfCode, "typeOfCode");
        this.typeOfMessage = Objects.requireNonNull(typeOfMessage, "typeOfMessage");
    }

    @Override
    public final Protocol protocol() {
        return protocol;
    }

    @Override
    public final M decode(ByteBuffer buffer) throws ProtocolException {
        return decodeReporting(buffer).message();
    }

    public final DecodeResult<M> decodeReporting(byte[] bytes) throws ProtocolException {
        return decodeReporting(ByteBuffer.wrap(bytes));
    }

    /** Like {@link #decode} but also returns the parameters to report as unrecognised (action bits 11). */
    public final DecodeResult<M> decodeReporting(ByteBuffer buffer) throws ProtocolException {
        String name = protocol.name();
        MessageFrame frame = MessageFrame.read(buffer, name);
        T type = typeOfCode.apply(frame.type());
        if (type == null) {
            throw new ProtocolException(name + " message: unknown message type " + WireText.hex(frame.type(), 2)
                    + " at offset 0", ProtocolException.CAUSE_UNRECOGNIZED_MESSAGE, frame.bytes(), false);
        }
        List<byte[]> reported = new ArrayList<>();
        TlvReader r = frame.body(name + " " + type.displayName(), reported);
        M message = decodeBody(type, frame, r);
        r.finish();
        frame.consume(buffer);
        return new DecodeResult<>(message, reported);
    }

    /** Encodes exactly as RSPLIB would; IllegalArgumentException if the message exceeds 65535 bytes. */
    @Override
    public final byte[] encode(M message) {
        TlvWriter w = TlvWriter.message(typeOfMessage.apply(message).code(), flags(message));
        encodeBody(w, message);
        return w.finishMessage();
    }

    /**
     * Reads the body of a message whose header said {@code type}. What the reader leaves unread must be skippable
     * parameters: the caller checks that with {@link TlvReader#finish()}.
     */
    protected abstract M decodeBody(T type, MessageFrame frame, TlvReader body) throws ProtocolException;

    /** The Flags field of the common header. */
    protected abstract int flags(M message);

    /** Writes everything after the common header. */
    protected abstract void encodeBody(TlvWriter w, M message);
}
