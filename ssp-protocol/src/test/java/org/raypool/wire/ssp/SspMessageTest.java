package org.raypool.wire.ssp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SspMessageTest {

    @Test
    void infoLimits() {
        assertEquals(64, new Ready("a".repeat(64)).info().length());
        assertEquals("", new Ready("").info());
        assertThrows(IllegalArgumentException.class, () -> new Ready("a".repeat(65)));
        assertThrows(IllegalArgumentException.class, () -> new Ready("h\u00e9"));
        assertThrows(IllegalArgumentException.class, () -> new Ready("a\0b"));
        assertThrows(IllegalArgumentException.class, () -> new NotReady(1, null));
        assertThrows(IllegalArgumentException.class, () -> new Ready(null));
    }

    @Test
    void hostNameBecomesValidInfo() {
        assertEquals("node1", SspMessage.hostInfo("node1"));
        assertEquals("h?st", SspMessage.hostInfo("h\u00f6st"));
        assertEquals(64, SspMessage.hostInfo("x".repeat(100)).length());
        new Ready(SspMessage.hostInfo("\0\u00ff" + "y".repeat(80)));
    }

    @Test
    void dataLimits() {
        assertEquals(SspCodec.MAX_DATA, new Upload(new byte[SspCodec.MAX_DATA]).dataLength());
        assertThrows(IllegalArgumentException.class, () -> new Upload(new byte[SspCodec.MAX_DATA + 1]));
        assertThrows(IllegalArgumentException.class, () -> new Download(null));
        assertTrue(Upload.endOfFile().isEndOfFile());
        assertFalse(new Download(new byte[1]).isEndOfFile());
        assertEquals(16384, SspCodec.MAX_CHUNK);
        assertEquals(65531, SspCodec.MAX_DATA);
    }

    @Test
    void hashMustBeSha1Sized() {
        assertThrows(IllegalArgumentException.class, () -> new Environment(new byte[19], false));
        assertThrows(IllegalArgumentException.class, () -> new Environment(null, true));
        assertEquals("da39a3ee5e6b4b0d3255bfef95601890afd80709", Environment.query(SspVectors.EMPTY_SHA1).hashHex());
    }

    @Test
    void keepAliveAckStatusIsOptionalButNotNull() {
        assertThrows(IllegalArgumentException.class, () -> new KeepAliveAck(null));
        assertEquals(OptionalInt.of(0), KeepAliveAck.ofPoolElement().status());
        assertEquals(OptionalInt.empty(), KeepAliveAck.ofPoolUser().status());
        assertNotEquals(KeepAliveAck.ofPoolElement(), KeepAliveAck.ofPoolUser());
    }

    @Test
    void byteArrayRecordsCompareByContent() {
        assertEquals(new Upload(new byte[] {1, 2}), new Upload(new byte[] {1, 2}));
        assertEquals(new Upload(new byte[] {1, 2}).hashCode(), new Upload(new byte[] {1, 2}).hashCode());
        assertNotEquals(new Upload(new byte[] {1, 2}), new Upload(new byte[] {1, 3}));
        assertNotEquals(new Upload(new byte[] {1, 2}), new Download(new byte[] {1, 2}));
        assertEquals(new Download(new byte[0]), Download.endOfFile());
        Environment a = new Environment(SspVectors.EMPTY_SHA1, true);
        assertEquals(a, new Environment(SspVectors.EMPTY_SHA1, true));
        assertEquals(a.hashCode(), new Environment(SspVectors.EMPTY_SHA1, true).hashCode());
        assertNotEquals(a, new Environment(SspVectors.EMPTY_SHA1, false));
    }

    @Test
    void byteArraysAreCopiedInAndOut() {
        byte[] data = {1, 2, 3};
        Upload upload = new Upload(data);
        data[0] = 9;
        upload.data()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, upload.data());

        byte[] hash = SspVectors.EMPTY_SHA1.clone();
        Environment environment = new Environment(hash, false);
        hash[0] = 0;
        environment.hash()[1] = 0;
        assertArrayEquals(SspVectors.EMPTY_SHA1, environment.hash());
    }

    @Test
    void toStringStaysShortForLargeData() {
        assertEquals("Upload[16384 bytes 0000000000000000…]", new Upload(new byte[16384]).toString());
        assertEquals("Download[end of file]", Download.endOfFile().toString());
        assertEquals("Status[4294967295]", new Status(-1).toString());
    }

    @Test
    void typesMatchWireValues() {
        for (SspType type : SspType.values()) {
            assertEquals(type, SspType.of(type.value()));
        }
        assertEquals(null, SspType.of(8));
        assertEquals(null, SspType.of(-1));
    }
}
