package org.raypool.wire.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;
import org.raypool.wire.asap.AsapMessageType;
import org.raypool.wire.enrp.EnrpMessageType;

/** {@link TlvMessageType#ofCode} relies on each enum declaring its types in code order from 1. */
class TlvMessageTypeTest {

    @Test
    void asapTypesAre0x01To0x0eInDeclarationOrder() {
        assertLookup(AsapMessageType.values(), AsapMessageType::ofCode, 0x0E);
    }

    @Test
    void enrpTypesAre0x01To0x0aInDeclarationOrder() {
        assertLookup(EnrpMessageType.values(), EnrpMessageType::ofCode, 0x0A);
    }

    private static <T extends TlvMessageType> void assertLookup(T[] values, IntFunction<T> ofCode, int lastCode) {
        assertEquals(lastCode, values.length);
        for (int i = 0; i < values.length; i++) {
            assertEquals(i + 1, values[i].code(), values[i].displayName());
            assertSame(values[i], ofCode.apply(values[i].code()));
        }
        for (int code : new int[] {Integer.MIN_VALUE, -1, 0, lastCode + 1, 0xFF, Integer.MAX_VALUE}) {
            assertNull(ofCode.apply(code), "code " + code);
        }
    }
}
