package org.raypool.wire.ssp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.raypool.wire.ProtocolException;

class SspCodecMalformedTest {
    private final SspCodec codec = SspCodec.INSTANCE;

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty", "", "shorter than the 4-byte header"),
                Arguments.of("three bytes", "010000", "shorter than the 4-byte header"),
                Arguments.of("length 0", "04000000", "Length 0 is shorter than the 4-byte header"),
                Arguments.of("length 3", "04000003", "Length 3 is shorter"),
                Arguments.of("truncated", "01000009 6e6f6465", "Length 9 does not match the 8 bytes given (truncated)"),
                Arguments.of("surplus", "04000004 00", "Length 4 does not match the 5 bytes given (surplus bytes)"),
                Arguments.of("padded like ASAP", "01000009 6e6f6465 31000000", "(surplus bytes)"),
                Arguments.of("two messages", "04000004 04000004", "(surplus bytes)"),
                Arguments.of("length far beyond input", "0200ffff 00", "Length 65535 does not match the 5 bytes"),
                Arguments.of("unknown type 8", "08000004", "unknown SSP message type 0x08"),
                Arguments.of("unknown type ff", "ff000004", "unknown SSP message type 0xff"),
                Arguments.of("flags on Ready", "01800004", "READY has undefined flags 0x80"),
                Arguments.of("flags on Upload", "02010004", "UPLOAD has undefined flags 0x01"),
                Arguments.of("undefined Environment flag", "07020018" + "00".repeat(20),
                        "ENVIRONMENT has undefined flags 0x02"),
                Arguments.of("Not Ready without reason", "00000004", "lacks the 4-byte reason"),
                Arguments.of("Not Ready short reason", "00000007 000001", "lacks the 4-byte reason"),
                Arguments.of("Ready info 65 bytes", "01000045" + "61".repeat(65), "info of 65 bytes exceeds 64"),
                Arguments.of("Not Ready info 65 bytes", "00000049 00000001" + "61".repeat(65),
                        "info of 65 bytes exceeds 64"),
                Arguments.of("Ready info with NUL", "01000006 6100", "info byte 1 is 0x00"),
                Arguments.of("Ready info non-ASCII", "01000005 e9", "info byte 0 is 0xe9"),
                Arguments.of("Keep-Alive with body", "04000008 00000000", "KEEP_ALIVE body must be 0 bytes, got 4"),
                Arguments.of("Keep-Alive Ack 2-byte body", "05000006 0000", "KEEP_ALIVE_ACK body must be 0 or 4"),
                Arguments.of("Keep-Alive Ack 8-byte body", "0500000c 00000000 00000000", "must be 0 or 4 bytes, got 8"),
                Arguments.of("Status without body", "06000004", "STATUS body must be 4 bytes, got 0"),
                Arguments.of("Status too long", "0600000c 00000000 00000000", "STATUS body must be 4 bytes, got 8"),
                Arguments.of("Environment short hash", "07000017" + "00".repeat(19), "ENVIRONMENT body must be 20"),
                Arguments.of("Environment long hash", "07000019" + "00".repeat(21), "got 21"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsWithPreciseMessage(String name, String hex, String expectedMessagePart) {
        ByteBuffer buffer = ByteBuffer.wrap(SspVectors.hex(hex));
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(buffer));
        assertTrue(e.getMessage().contains(expectedMessagePart),
                () -> "message '" + e.getMessage() + "' lacks '" + expectedMessagePart + "'");
        assertEquals(0, buffer.position(), "a failed decode leaves the buffer untouched");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void unknownTypeReportsUnrecognizedMessage(String name, String hex, String expectedMessagePart) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(SspVectors.hex(hex)));
        int expected = expectedMessagePart.startsWith("unknown")
                ? ProtocolException.CAUSE_UNRECOGNIZED_MESSAGE : ProtocolException.CAUSE_INVALID_MESSAGE;
        assertEquals(expected, e.cause());
    }
}
