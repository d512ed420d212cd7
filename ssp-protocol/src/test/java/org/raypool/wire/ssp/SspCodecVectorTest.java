package org.raypool.wire.ssp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.raypool.wire.ProtocolException;

class SspCodecVectorTest {
    private final SspCodec codec = SspCodec.INSTANCE;

    static final List<SspVectors.Vector> VECTORS = SspVectors.SINGLE;

    @ParameterizedTest(name = "{0}")
    @FieldSource("VECTORS")
    void encodesVector(SspVectors.Vector vector) {
        assertArrayEquals(vector.bytes(), codec.encode(vector.message()));
        assertEquals(vector.bytes().length, vector.message().length());
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("VECTORS")
    void decodesVector(SspVectors.Vector vector) throws ProtocolException {
        ByteBuffer buffer = ByteBuffer.wrap(vector.bytes());
        assertEquals(vector.message(), codec.decode(buffer));
        assertEquals(0, buffer.remaining(), "decode consumes the message");
    }

    @Test
    void completeJobMatchesSpecHeadersAndLengths() throws ProtocolException {
        List<SspMessage> job = SspVectors.completeJob();
        assertEquals(SspVectors.COMPLETE_JOB_HEADERS.size(), job.size());
        int[] expectedLengths = {9, 16388, 3620, 4, 8, 4, 4, 4, 8, 8, 1004, 4};
        for (int i = 0; i < job.size(); i++) {
            byte[] wire = codec.encode(job.get(i));
            assertEquals(SspVectors.COMPLETE_JOB_HEADERS.get(i), HexFormat.of().formatHex(wire, 0, 4), "message " + i);
            assertEquals(expectedLengths[i], wire.length, "message " + i);
            assertEquals(job.get(i), codec.decode(wire), "message " + i);
        }
        assertArrayEquals(SspVectors.bytes("SSP_8_1_READY_NODE1"), codec.encode(job.get(0)));
        assertArrayEquals(SspVectors.bytes("SSP_8_11_KEEP_ALIVE_ACK_FROM_RSPLIB_PU"), codec.encode(job.get(6)));
        assertArrayEquals(SspVectors.bytes("SSP_8_10_KEEP_ALIVE_ACK_FROM_PE"), codec.encode(job.get(8)));
        assertEquals(20_000, ((Upload) job.get(1)).dataLength() + ((Upload) job.get(2)).dataLength());
    }

    @Test
    void decodeIgnoresBufferByteOrderAndStartsAtPosition() throws ProtocolException {
        byte[] framed = SspVectors.hex("ffff 06000008 00000001");
        ByteBuffer buffer = ByteBuffer.wrap(framed).order(java.nio.ByteOrder.LITTLE_ENDIAN).position(2);
        assertEquals(new Status(1), codec.decode(buffer));
        assertEquals(framed.length, buffer.position());
    }
}
