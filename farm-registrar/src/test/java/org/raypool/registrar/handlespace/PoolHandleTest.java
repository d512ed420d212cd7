package org.raypool.registrar.handlespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolHandleTest {

    @Test
    void equalityIsByContent() {
        PoolHandle a = PoolHandle.of("ScriptingPool");
        PoolHandle b = PoolHandle.of("ScriptingPool".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, PoolHandle.of("scriptingPool"), "case-sensitive");
    }

    @Test
    void contentIsCopiedInAndOut() {
        byte[] raw = {1, 2, 3};
        PoolHandle h = PoolHandle.of(raw);
        raw[0] = 9;
        h.bytes()[1] = 9;
        assertEquals(PoolHandle.of(new byte[] {1, 2, 3}), h);
    }

    @Test
    void orderedByLengthThenUnsignedBytesLikeRsplib() {
        List<PoolHandle> handles = new ArrayList<>(List.of(PoolHandle.of("ScriptingPool"),
                PoolHandle.of(new byte[] {(byte) 0xFF}), PoolHandle.of("EchoPool"),
                PoolHandle.of(new byte[] {0x01}), PoolHandle.of("FractalGeneratorPool"),
                PoolHandle.of("CalcAppPool")));
        handles.sort(null);
        assertEquals(List.of(PoolHandle.of(new byte[] {0x01}), PoolHandle.of(new byte[] {(byte) 0xFF}),
                PoolHandle.of("EchoPool"), PoolHandle.of("CalcAppPool"), PoolHandle.of("ScriptingPool"),
                PoolHandle.of("FractalGeneratorPool")), handles);
    }

    @Test
    void validLengthsAreOneToThirtyTwo() {
        assertFalse(PoolHandle.of(new byte[0]).isValid());
        assertTrue(PoolHandle.of(new byte[1]).isValid());
        assertTrue(PoolHandle.of(new byte[32]).isValid());
        assertFalse(PoolHandle.of(new byte[33]).isValid());
    }

    @Test
    void printsTextOrHex() {
        assertEquals("EchoPool", PoolHandle.of("EchoPool").toString());
        assertEquals("0x00ff", PoolHandle.of(new byte[] {0, (byte) 0xFF}).toString());
    }
}
