package org.raypool.submit.pack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** The example scenes of examples-povray, and helpers to look into packages. */
final class Examples {

    private Examples() {}

    static Path scenes() {
        Path scenes = Path.of(System.getProperty("raypool.examples", "../examples-povray")).resolve("scenes");
        assertTrue(Files.isDirectory(scenes), "example scenes not found at " + scenes.toAbsolutePath());
        return scenes;
    }

    static Path scene(String name) {
        return scenes().resolve(name);
    }

    /** Path to content of every tar entry, in archive order; folders map to empty arrays. */
    static Map<String, byte[]> unpack(byte[] tarGz) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(tarGz)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                files.put(entry.getName(), tar.readAllBytes());
            }
        }
        return files;
    }

    /** Writes a text file, creating folders. */
    static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
