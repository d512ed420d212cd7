package org.raypool.wire.ssp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.raypool.wire.MessageCodec;
import org.raypool.wire.Protocol;
import org.raypool.wire.ProtocolException;

/**
 * Scripting Service Protocol codec (docs/protocol/scripting-service.md §3, §4). Stateless and thread-safe.
 *
 * <p>{@link #decode(ByteBuffer)} takes the buffer's remaining bytes as exactly one message: the Length field must
 * equal their number (the RSPLIB PU rule), so a surplus or a shortfall is a {@link ProtocolException}. On success
 * the buffer is consumed; on failure its position is unchanged. The buffer's byte order is ignored (SSP is
 * big-endian).
 */
public final class SspCodec implements MessageCodec<SspMessage> {
    public static final SspCodec INSTANCE = new SspCodec();

    public static final int HEADER_LENGTH = 4;
    /** Largest data chunk we send per Upload / Download (RSPLIB since 2015). */
    public static final int MAX_CHUNK = 16384;
    /** Largest data a receiver accepts per message: the 65536-byte buffer minus the header, capped by Length. */
    public static final int MAX_DATA = 0xFFFF - HEADER_LENGTH;
    /** Largest Ready / Not Ready info, in ASCII characters. */
    public static final int MAX_INFO = 64;

    private SspCodec() {}

    @Override
    public Protocol protocol() {
        return Protocol.SSP;
    }

    @Override
    public byte[] encode(SspMessage message) {
        int length = message.length();
        ByteBuffer out = ByteBuffer.allocate(length);
        out.put((byte) message.type().value())
                .put((byte) flags(message))
                .putShort((short) length);
        if (message instanceof NotReady m) {
            out.putInt(m.reason()).put(m.info().getBytes(StandardCharsets.US_ASCII));
        } else if (message instanceof Ready m) {
            out.put(m.info().getBytes(StandardCharsets.US_ASCII));
        } else if (message instanceof Upload m) {
            out.put(m.dataUnsafe());
        } else if (message instanceof Download m) {
            out.put(m.dataUnsafe());
        } else if (message instanceof KeepAliveAck m) {
            m.status().ifPresent(out::putInt);
        } else if (message instanceof Status m) {
            out.putInt(m.status());
        } else if (message instanceof Environment m) {
            out.put(m.hashUnsafe());
        }
        return out.array();
    }

    private static int flags(SspMessage message) {
        return message instanceof Environment e && e.uploadNeeded() ? Environment.FLAG_UPLOAD_NEEDED : 0;
    }

    @Override
    public SspMessage decode(ByteBuffer buffer) throws ProtocolException {
        int start = buffer.position();
        int available = buffer.remaining();
        if (available < HEADER_LENGTH) {
            throw new ProtocolException("SSP message of " + available + " bytes is shorter than the 4-byte header");
        }
        int typeValue = u8(buffer, start);
        int flags = u8(buffer, start + 1);
        int length = u16(buffer, start + 2);
        if (length < HEADER_LENGTH) {
            throw new ProtocolException("SSP Length " + length + " is shorter than the 4-byte header");
        }
        if (length != available) {
            throw new ProtocolException("SSP Length " + length + " does not match the " + available
                    + " bytes given (" + (length > available ? "truncated" : "surplus bytes") + ")");
        }
        SspType type = SspType.of(typeValue);
        if (type == null) {
            throw new ProtocolException("unknown SSP message type 0x" + hex2(typeValue),
                    ProtocolException.CAUSE_UNRECOGNIZED_MESSAGE, null, false);
        }
        int allowedFlags = type == SspType.ENVIRONMENT ? Environment.FLAG_UPLOAD_NEEDED : 0;
        if ((flags & ~allowedFlags) != 0) {
            throw new ProtocolException("SSP " + type + " has undefined flags 0x" + hex2(flags));
        }
        int body = start + HEADER_LENGTH;
        int bodyLength = length - HEADER_LENGTH;
        SspMessage message = switch (type) {
            case NOT_READY -> {
                if (bodyLength < 4) {
                    throw new ProtocolException(
                            "SSP NOT_READY body of " + bodyLength + " bytes lacks the 4-byte reason");
                }
                yield new NotReady(s32(buffer, body), info(type, buffer, body + 4, bodyLength - 4));
            }
            case READY -> new Ready(info(type, buffer, body, bodyLength));
            case UPLOAD -> new Upload(bytes(buffer, body, bodyLength));
            case DOWNLOAD -> new Download(bytes(buffer, body, bodyLength));
            case KEEP_ALIVE -> {
                expectBody(type, bodyLength, 0);
                yield new KeepAlive();
            }
            case KEEP_ALIVE_ACK -> {
                if (bodyLength != 0 && bodyLength != 4) {
                    throw new ProtocolException("SSP KEEP_ALIVE_ACK body must be 0 or 4 bytes, got " + bodyLength);
                }
                yield new KeepAliveAck(bodyLength == 0 ? OptionalInt.empty() : OptionalInt.of(s32(buffer, body)));
            }
            case STATUS -> {
                expectBody(type, bodyLength, 4);
                yield new Status(s32(buffer, body));
            }
            case ENVIRONMENT -> {
                expectBody(type, bodyLength, Environment.HASH_LENGTH);
                yield new Environment(bytes(buffer, body, bodyLength),
                        (flags & Environment.FLAG_UPLOAD_NEEDED) != 0);
            }
        };
        buffer.position(start + length);
        return message;
    }

    private static void expectBody(SspType type, int actual, int expected) throws ProtocolException {
        if (actual != expected) {
            throw new ProtocolException(
                    "SSP " + type + " body must be " + expected + " bytes, got " + actual);
        }
    }

    private static String info(SspType type, ByteBuffer buffer, int offset, int length) throws ProtocolException {
        if (length > MAX_INFO) {
            throw new ProtocolException("SSP " + type + " info of " + length + " bytes exceeds " + MAX_INFO);
        }
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            int c = u8(buffer, offset + i);
            if (c == 0 || c > 0x7F) {
                throw new ProtocolException("SSP " + type + " info byte " + i + " is 0x" + hex2(c)
                        + ", only ASCII without NUL allowed");
            }
            chars[i] = (char) c;
        }
        return new String(chars);
    }

    private static byte[] bytes(ByteBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        return bytes;
    }

    private static int u8(ByteBuffer buffer, int index) {
        return buffer.get(index) & 0xFF;
    }

    private static int u16(ByteBuffer buffer, int index) {
        return u8(buffer, index) << 8 | u8(buffer, index + 1);
    }

    private static int s32(ByteBuffer buffer, int index) {
        return u16(buffer, index) << 16 | u16(buffer, index + 2);
    }

    private static String hex2(int value) {
        return String.format("%02x", value);
    }
}
