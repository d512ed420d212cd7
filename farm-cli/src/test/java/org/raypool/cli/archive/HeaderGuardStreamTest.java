package org.raypool.cli.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The bound holds only while a header is read; entry data passes uncounted. */
class HeaderGuardStreamTest {

    @Test
    void aHeaderPastTheBoundIsRefusedAndDataIsNotCounted() throws IOException {
        HeaderGuardStream guard = new HeaderGuardStream(new ByteArrayInputStream(new byte[10_000]), 1024);
        guard.beginHeader();
        assertEquals(1024, guard.read(new byte[1024], 0, 1024));
        guard.endHeader();
        assertEquals(5000, guard.readNBytes(5000).length, "entry data is not the guard's");
        guard.beginHeader();
        assertEquals(1000, guard.skip(1000));
        assertEquals(0, guard.read());
        HeaderGuardStream.HeaderTooLargeException e = assertThrows(HeaderGuardStream.HeaderTooLargeException.class,
                () -> guard.read(new byte[100], 0, 100));
        assertEquals(1024, e.limit());
        assertEquals("an archive header is larger than 1024 bytes (long names or PAX records)", e.getMessage());
    }

    @Test
    void aBoundBelowOneTarBlockIsAMistake() {
        assertThrows(IllegalArgumentException.class, () -> new HeaderGuardStream(new ByteArrayInputStream(new byte[0]), 511));
    }
}
