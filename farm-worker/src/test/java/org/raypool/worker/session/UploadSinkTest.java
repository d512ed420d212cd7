package org.raypool.worker.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.worker.job.EnvironmentHash;

class UploadSinkTest {
    @TempDir
    Path dir;

    @Test
    void writesHashesAndCounts() throws Exception {
        Path file = dir.resolve("environment.data");
        UploadSink sink = new UploadSink(file, 100, true);
        sink.append("abc".getBytes());
        sink.append("def".getBytes());
        sink.close();
        assertArrayEquals("abcdef".getBytes(), Files.readAllBytes(file));
        assertEquals(6, sink.bytes());
        assertEquals(new EnvironmentHash("1f8ac10f23c5b5bc1167bda84b833e5c057a77d2"), sink.hash());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void pastTheLimitTheFileGoesAndTheRestIsOnlyCounted() throws Exception {
        Path file = dir.resolve("input.data");
        UploadSink sink = new UploadSink(file, 10, false);
        sink.append(new byte[8]);
        assertFalse(sink.overLimit());
        sink.append(new byte[8]);
        assertTrue(sink.overLimit());
        assertFalse(Files.exists(file), "an oversized upload does not stay on disk");
        sink.append(new byte[1000]);
        sink.close();
        assertEquals(1016, sink.bytes());
        assertFalse(Files.exists(file));
    }

    @Test
    void neverWritesThroughSomethingThatIsAlreadyThere() throws Exception {
        Path target = Files.writeString(dir.resolve("elsewhere"), "precious");
        Files.createSymbolicLink(dir.resolve("input.data"), target);
        assertThrows(FileAlreadyExistsException.class, () -> new UploadSink(dir.resolve("input.data"), 10, false));
        assertEquals("precious", Files.readString(target));
    }
}
