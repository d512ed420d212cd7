package org.raypool.submit.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.submit.pack.OutputFormat;
import org.raypool.submit.testing.Images;
import org.raypool.submit.testing.Jobs;

/** The results of a worker, read as hostile input: what is used, what is skipped, what is refused. */
class ResultArchiveTest {
    private static final byte[] PNG = Images.solidPng(8, 6, 0x336699);

    @TempDir
    Path tmp;

    private Path file(byte[] content) throws IOException {
        return Files.write(Files.createTempFile(tmp, "results", ".data"), content);
    }

    private static String refusal(Path results, ResultArchive.Limits limits) {
        return refusal(results, OutputFormat.PNG, limits);
    }

    private static String refusal(Path results, OutputFormat format, ResultArchive.Limits limits) {
        return assertThrows(ResultArchive.BadResultsException.class,
                () -> ResultArchive.read(results, format, limits)).getMessage();
    }

    private static String refusal(Path results) {
        return refusal(results, ResultArchive.Limits.DEFAULT);
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(bytes)) {
            gz.write(content);
        }
        return bytes.toByteArray();
    }

    /** A tar (not compressed) with the given entries; null content makes a symbolic link to "/etc/passwd". */
    private static byte[] tar(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                if (e.getValue() == null) {
                    TarArchiveEntry link = new TarArchiveEntry(e.getKey(), TarArchiveEntry.LF_SYMLINK);
                    link.setLinkName("/etc/passwd");
                    tar.putArchiveEntry(link);
                } else {
                    TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                    entry.setSize(e.getValue().length);
                    tar.putArchiveEntry(entry);
                    tar.write(e.getValue());
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void goodResultsGiveTheImageAndTheLog() throws Exception {
        ResultArchive archive = ResultArchive.read(file(Jobs.results(PNG, "ssrun: povray +Iinput.pov\nParsing...\n")), OutputFormat.PNG);
        assertArrayEquals(PNG, archive.image().orElseThrow());
        assertEquals("ssrun: povray +Iinput.pov\nParsing...\n", archive.log());

        Map<String, byte[]> dotted = new LinkedHashMap<>();
        dotted.put("./", new byte[0]);
        dotted.put("./output.png", PNG);
        dotted.put("./output.txt", "ok".getBytes(StandardCharsets.UTF_8));
        dotted.put("./job.conf", "scene=input.pov".getBytes(StandardCharsets.UTF_8));
        ResultArchive fromDotPaths = ResultArchive.read(file(gzip(tar(dotted))), OutputFormat.PNG);
        assertArrayEquals(PNG, fromDotPaths.image().orElseThrow(), "tar's ./ prefix is fine, other entries are skipped");
        assertEquals("ok", fromDotPaths.log());
    }

    @Test
    void resultsWithoutAnImageStillGiveTheLog() throws Exception {
        ResultArchive archive = ResultArchive.read(file(Jobs.results(null, "Parse Error: No matching } in 'sphere'\n")),
                OutputFormat.PNG);
        assertTrue(archive.image().isEmpty());
        assertTrue(archive.log().contains("Parse Error"), archive.log());

        String none = refusal(file(Jobs.tarGz(Map.of("other.txt", new byte[] {1}))));
        assertTrue(none.contains("neither output.png nor output.txt"), none);
    }

    @Test
    void somethingOtherThanATarGzIsRefused() throws Exception {
        String notGzip = refusal(file("<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8)));
        assertTrue(notGzip.contains("not a gzip file"), notGzip);
        assertTrue(refusal(file(tar(Map.of("output.txt", new byte[] {'x'})))).contains("not a gzip file"), "a plain tar");
        byte[] text = new byte[2048];
        java.util.Arrays.fill(text, (byte) 'x');
        assertTrue(refusal(file(gzip(text))).contains("not a readable tar.gz"), "gzip of something else");
        byte[] whole = Jobs.results(PNG, "log");
        String truncated = refusal(file(java.util.Arrays.copyOf(whole, whole.length / 2)));
        assertTrue(truncated.contains("tar.gz"), truncated);
        assertThrows(IOException.class, () -> ResultArchive.read(tmp.resolve("missing.data"), OutputFormat.PNG), "a local problem");
    }

    @Test
    void oversizedEntriesAndArchivesAreRefusedWhateverTheHeadersSay() throws Exception {
        ResultArchive.Limits small = new ResultArchive.Limits(1000, 100, 20_000, 8, 1000, 1 << 20);
        byte[] bigPng = new byte[2000];
        System.arraycopy(PNG, 0, bigPng, 0, 8);
        String big = refusal(file(Jobs.results(bigPng, "log")), small);
        assertTrue(big.contains("output.png is 2000 bytes, more than the 1000 allowed"), big);

        // A header claiming 8 GiB for a few bytes: refused from the header, nothing is allocated for it.
        byte[] lying = tar(Map.of("output.png", PNG));
        byte[] size = String.format("%011o\0", (1L << 33) - 1).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, lying, 124, 12);
        java.util.Arrays.fill(lying, 148, 156, (byte) ' ');
        int sum = 0;
        for (int i = 0; i < 512; i++) sum += lying[i] & 0xff;
        byte[] checksum = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(checksum, 0, lying, 148, 8);
        String claimed = refusal(file(gzip(lying)), small);
        assertTrue(claimed.contains("output.png is 8589934591 bytes"), claimed);

        Map<String, byte[]> bomb = new LinkedHashMap<>();
        bomb.put("padding.bin", new byte[100_000]);
        bomb.put("output.txt", "log".getBytes(StandardCharsets.UTF_8));
        String unpacked = refusal(file(Jobs.tarGz(bomb)), small);
        assertTrue(unpacked.contains("unpack to more than 20000 bytes"), unpacked);

        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 9; i++) many.put("f" + i, new byte[0]);
        String entries = refusal(file(Jobs.tarGz(many)), small);
        assertTrue(entries.contains("more than 8 entries"), entries);
    }

    @Test
    void aLongLogKeepsItsEnd() throws Exception {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 50; i++) log.append("line ").append(i).append('\n');
        ResultArchive archive = ResultArchive.read(file(Jobs.results(PNG, log.toString())), OutputFormat.PNG,
                new ResultArchive.Limits(1 << 20, 40, 1 << 20, 8, 1000, 1 << 20));
        String kept = archive.log();
        assertTrue(kept.startsWith("[farm-submit: the first "), kept);
        assertTrue(kept.endsWith("line 48\nline 49\n"), kept);
        assertTrue(kept.lines().skip(1).allMatch(l -> l.startsWith("line ")), "cut at a line start: " + kept);
    }

    @Test
    void linksAndNonImagesAreRefusedUnderTheUsedNamesAndIgnoredElsewhere() throws Exception {
        Map<String, byte[]> linkedImage = new LinkedHashMap<>();
        linkedImage.put("output.png", null);
        linkedImage.put("output.txt", "log".getBytes(StandardCharsets.UTF_8));
        String link = refusal(file(gzip(tar(linkedImage))));
        assertTrue(link.contains("output.png in the results is a link"), link);

        Map<String, byte[]> otherLink = new LinkedHashMap<>();
        otherLink.put("passwd", null);
        otherLink.put("output.png", PNG);
        otherLink.put("output.txt", "log".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(PNG, ResultArchive.read(file(gzip(tar(otherLink))), OutputFormat.PNG).image().orElseThrow());

        String notPng = refusal(file(Jobs.results("<?php".getBytes(StandardCharsets.UTF_8), "log")));
        assertTrue(notPng.contains("not a PNG image"), notPng);

        ByteArrayOutputStream twice = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(twice))) {
            for (int i = 0; i < 2; i++) {
                TarArchiveEntry e = new TarArchiveEntry("output.png");
                e.setSize(PNG.length);
                tar.putArchiveEntry(e);
                tar.write(PNG);
                tar.closeArchiveEntry();
            }
        }
        assertTrue(refusal(file(twice.toByteArray())).contains("output.png twice"));
    }

    /** The start of a file of each type as POV-Ray writes it, padded to a plausible length. */
    static byte[] head(OutputFormat format) {
        byte[] start = switch (format) {
            case PNG -> PNG;
            case TGA, TGA_COMPRESSED -> new byte[] {0, 0, (byte) (format == OutputFormat.TGA ? 2 : 10), 0, 0, 0, 0, 0,
                    0, 0, 0, 0, 32, 0, 24, 0, 24, 32};
            case PPM -> "P6\n32 24\n255\n".getBytes(StandardCharsets.US_ASCII);
            case JPEG -> new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0};
            case EXR -> new byte[] {0x76, 0x2f, 0x31, 0x01, 2, 0, 0, 0, 'c', 'h', 'a', 'n', 'n', 'e', 'l', 's', 0};
            case HDR -> "#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 24 +X 32\n".getBytes(StandardCharsets.US_ASCII);
            case BMP -> new byte[] {'B', 'M', 0x36, 0x09, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 0x28, 0, 0, 0};
        };
        return java.util.Arrays.copyOf(start, Math.max(start.length, 64));
    }

    private static byte[] results(Map<String, byte[]> files) throws IOException {
        return Jobs.tarGz(files);
    }

    private static Map<String, byte[]> entries(Object... nameAndContent) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndContent.length; i += 2) m.put((String) nameAndContent[i], (byte[]) nameAndContent[i + 1]);
        return m;
    }

    @Test
    void everyFormatsImageIsReadUnderItsOwnExtension() throws Exception {
        byte[] log = "POV-Ray finished\n".getBytes(StandardCharsets.UTF_8);
        for (OutputFormat format : OutputFormat.values()) {
            byte[] image = head(format);
            String name = "output" + format.extension();
            ResultArchive archive = ResultArchive.read(file(results(entries(name, image, "output.txt", log))), format);
            assertArrayEquals(image, archive.image().orElseThrow(), format.toString());
            assertEquals(format, archive.format());
            assertEquals("POV-Ray finished\n", archive.log());
            assertTrue(archive.preview().isEmpty());
        }
    }

    @Test
    void anImageOfAnotherTypeOrExtensionIsRefusedNamingBoth() throws Exception {
        byte[] log = "log".getBytes(StandardCharsets.UTF_8);
        String wrongName = refusal(file(results(entries("output.png", PNG, "output.txt", log))), OutputFormat.TGA,
                ResultArchive.Limits.DEFAULT);
        assertEquals("the results hold output.png (PNG) where the job asked for output.tga (Targa)", wrongName);

        String wrongBytes = refusal(file(results(entries("output.jpg", PNG, "output.txt", log))), OutputFormat.JPEG,
                ResultArchive.Limits.DEFAULT);
        assertEquals("output.jpg in the results is not a JPEG image", wrongBytes);
        String exr = refusal(file(results(entries("output.exr", head(OutputFormat.HDR)))), OutputFormat.EXR,
                ResultArchive.Limits.DEFAULT);
        assertEquals("output.exr in the results is not an OpenEXR image", exr);
        String empty = refusal(file(results(entries("output.tga", new byte[5]))), OutputFormat.TGA_COMPRESSED,
                ResultArchive.Limits.DEFAULT);
        assertEquals("output.tga in the results is not a compressed Targa image", empty);
    }

    /** A PNG header claiming {@code width x height}: enough for the checks, which never decode it. */
    private static byte[] pngClaiming(int width, int height) {
        byte[] png = java.util.Arrays.copyOf(PNG, PNG.length);
        java.nio.ByteBuffer.wrap(png, 16, 8).putInt(width).putInt(height);
        return png;
    }

    @Test
    void anExrComesWithItsBoundedPngPreview() throws Exception {
        byte[] exr = head(OutputFormat.EXR);
        byte[] preview = Images.solidPng(32, 24, 0xff0000);
        ResultArchive archive = ResultArchive.read(file(results(entries("output.exr", exr, "preview.png", preview,
                "output.txt", new byte[] {'o', 'k'}))), OutputFormat.EXR);
        assertArrayEquals(exr, archive.image().orElseThrow());
        assertArrayEquals(preview, archive.preview().orElseThrow());

        ResultArchive.Limits limits = new ResultArchive.Limits(1 << 20, 1000, 1 << 20, 8, 200, 1 << 20);
        String notPng = refusal(file(results(entries("output.exr", exr, "preview.png", exr))), OutputFormat.EXR, limits);
        assertEquals("preview.png in the results is not a PNG image", notPng);
        String huge = refusal(file(results(entries("output.exr", exr, "preview.png", pngClaiming(30000, 20000)))),
                OutputFormat.EXR, limits);
        assertEquals("preview.png in the results is 30000x20000, not within 320x240", huge);
        assertTrue(refusal(file(results(entries("output.exr", exr, "preview.png", pngClaiming(321, 240)))),
                OutputFormat.EXR, limits).contains("321x240"));
        byte[] big = java.util.Arrays.copyOf(preview, 201);
        String bytes = refusal(file(results(entries("output.exr", exr, "preview.png", big))), OutputFormat.EXR, limits);
        assertEquals("preview.png is 201 bytes, more than the 200 allowed", bytes);

        Map<String, byte[]> linked = new LinkedHashMap<>();
        linked.put("output.exr", exr);
        linked.put("preview.png", null);
        assertTrue(refusal(gzipped(linked), OutputFormat.EXR, limits).contains("preview.png in the results is a link"));

        ResultArchive failed = ResultArchive.read(file(results(entries("preview.png", preview, "output.txt",
                new byte[] {'x'}))), OutputFormat.EXR);
        assertTrue(failed.image().isEmpty() && failed.preview().isEmpty(), "no preview without an image");
    }

    @Test
    void aHugePaxHeaderIsRefusedBeforeItIsBuffered() throws Exception {
        byte[] bomb = org.raypool.submit.testing.HostileArchives.paxHeaderBomb(64 << 20);
        assertTrue(bomb.length < 200_000, "a small archive: " + bomb.length + " bytes");
        String refused = refusal(file(bomb));
        assertEquals("the results are refused: an archive header is larger than 1048576 bytes (long names or PAX records)",
                refused);
        ResultArchive.Limits tight = new ResultArchive.Limits(1 << 20, 1000, 1 << 20, 8, 200, 4096);
        assertTrue(refusal(file(org.raypool.submit.testing.HostileArchives.paxHeaderBomb(8000)), tight)
                .contains("larger than 4096 bytes"), "the bound is the limit's");
        assertEquals("ssrun: bomb\n", ResultArchive.read(file(org.raypool.submit.testing.HostileArchives.paxHeaderBomb(3000)),
                OutputFormat.PNG, tight).log(), "a PAX header within the bound is read");
    }

    @Test
    void escapeSequencesInTheLogAndInNamesDoNotSurvive() throws Exception {
        String esc = "\u001b";
        String log = esc + "]0;owned" + "\u0007" + "Parsing" + esc + "[2J" + esc + "[H\r\nRendering\u009b31m done\n";
        ResultArchive archive = ResultArchive.read(file(Jobs.results(PNG, log)), OutputFormat.PNG);
        assertEquals("Parsing\nRendering done\n", archive.log());

        Map<String, byte[]> twice = new LinkedHashMap<>();
        twice.put("output.txt", new byte[] {'a'});
        twice.put("output" + esc + "]0;x" + "\u0007" + ".txt", new byte[] {'b'});
        String refused = refusal(gzipped(twice));
        assertEquals("the results hold output.txt twice", refused);
    }

    @Test
    void aRefusalThatQuotesTheArchiveIsStrippedToo() {
        // commons-compress 1.2x hides header fields behind "Corrupted TAR archive."; a reader that quotes them must not
        // carry their escape sequences into the log
        assertEquals("entry 'x' is bad", new ResultArchive.BadResultsException("entry 'x\u001b[2J\u001b]0;t\u0007' is bad")
                .getMessage());
    }

    private Path gzipped(Map<String, byte[]> entries) throws IOException {
        return file(gzip(tar(entries)));
    }
}
