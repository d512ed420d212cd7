package org.raypool.submit.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.submit.dispatch.JobRecord;
import org.raypool.submit.output.OutputCollector.Freshness;
import org.raypool.submit.pack.Band;
import org.raypool.submit.pack.Frame;
import org.raypool.submit.pack.ImageSize;
import org.raypool.submit.pack.OutputFormat;
import org.raypool.submit.pack.RenderJob;
import org.raypool.submit.pack.RenderOptions;
import org.raypool.submit.testing.Images;

/** The output folder: names, atomic writes through the gate, resuming, logs, temporary files, the contact sheet. */
class OutputCollectorTest {
    static final CommitGate OPEN = action -> {
        action.run();
        return true;
    };

    @TempDir
    Path tmp;

    private static RenderJob job(String scene, int width, int height) {
        return RenderJob.wholeFrame(Path.of("scenes", scene), new ImageSize(width, height), RenderOptions.defaults());
    }

    static final Manifest.Provenance MADE = new Manifest.Provenance("hash-1", 1.5, "node1 0x00000001 (127.0.0.1:40001)",
            Instant.parse("2026-01-02T03:04:05Z"));

    private static boolean store(OutputCollector output, RenderJob job, byte[] image, CommitGate gate)
            throws IOException {
        return output.storeImage(job, image, Optional.empty(), MADE, gate);
    }

    private OutputCollector prepared() throws IOException {
        OutputCollector output = new OutputCollector(tmp.resolve("output"));
        output.prepare();
        return output;
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> hidden(Path folder) throws IOException {
        return names(folder).stream().filter(n -> n.startsWith(".")).toList();
    }

    @Test
    void namesAreSceneWidthHeightAndABandAddsItsRows() {
        assertEquals("knot-640-480", job("knot.pov", 640, 480).outputName());
        assertEquals("Knot-64-48", job("Knot.POV", 64, 48).outputName());
        assertEquals("my.scene-64-48", job("my.scene.pov", 64, 48).outputName());
        RenderJob band = RenderJob.wholeFrame(Path.of("knot.pov"), new ImageSize(640, 480), RenderOptions.defaults()).withBand(new Band(33, 64));
        assertEquals("knot-640-480-rows33-64", band.outputName());
        // A whole frame's name ends in two numbers; a band's does not: a scene cannot be named into a band's file.
        assertNotEquals(band.outputName(), job("knot-640-480-rows33.pov", 64, 480).outputName());
        OutputCollector output = new OutputCollector(tmp);
        assertEquals(tmp.resolve("knot-640-480.png"), output.imageFile(job("knot.pov", 640, 480)));
        assertEquals(tmp.resolve("knot-640-480.log"), output.logFile(job("knot.pov", 640, 480)));
    }

    @Test
    void storingAnImageIsAtomicAndLeavesNoTemporaryFile() throws Exception {
        OutputCollector output = prepared();
        RenderJob job = job("knot.pov", 8, 6);
        byte[] png = Images.solidPng(8, 6, 0x123456);
        Path[] seenDuringCommit = new Path[1];
        CommitGate watching = action -> {
            List<String> before = hidden(output.folder());
            assertEquals(1, before.size(), "the bytes are in a hidden temporary file before the rename: " + before);
            assertFalse(Files.exists(output.imageFile(job)), "the image appears only with the rename");
            seenDuringCommit[0] = output.folder().resolve(before.get(0));
            action.run();
            return true;
        };
        assertTrue(store(output, job, png, watching));
        assertFalse(Files.exists(seenDuringCommit[0]));
        assertArrayEquals(png, Files.readAllBytes(output.imageFile(job)));
        assertEquals(List.of("knot-8-6.png", Manifest.FILE), names(output.folder()));
    }

    @Test
    void theGateRefusesASupersededAttemptAndALateSecondResult() throws Exception {
        OutputCollector output = prepared();
        RenderJob job = job("knot.pov", 8, 6);
        JobRecord record = new JobRecord(0, job);
        byte[] first = Images.solidPng(8, 6, 0x0000ff);
        assertTrue(store(output, job, first, record.gate(0)));
        assertFalse(store(output, job, Images.solidPng(8, 6, 0xff0000), record.gate(0)), "committed once already");
        assertFalse(store(output, job, Images.solidPng(8, 6, 0x00ff00), record.gate(7)), "not the current attempt");
        assertFalse(store(output, job, Images.solidPng(8, 6, 0x00ff00), action -> false));
        assertArrayEquals(first, Files.readAllBytes(output.imageFile(job)));

        CommitGate failing = action -> {
            throw new IOException("disk full");
        };
        RenderJob other = job("other.pov", 8, 6);
        assertThrows(IOException.class, () -> store(output, other, first, failing));
        assertFalse(Files.exists(output.imageFile(other)));
        assertEquals(List.of("knot-8-6.png", Manifest.FILE), names(output.folder()),
                "refused and failed writes leave nothing behind");
    }

    @Test
    void anOutputIsSkippedOnlyWhenItsFileIsThereAndTheManifestHasTheSameInputs() throws Exception {
        OutputCollector output = prepared();
        RenderJob job = job("knot.pov", 8, 6);
        assertEquals(Freshness.MISSING, output.freshness(job, "hash-1", output.manifest().read()));
        Files.writeString(output.imageFile(job), "not a png, but long enough for a header");
        assertEquals(Freshness.MISSING, output.freshness(job, "hash-1", output.manifest().read()),
                "only a file of the job's format counts");
        Files.write(output.imageFile(job), Images.solidPng(8, 6, 0));
        assertEquals(Freshness.NO_RECORD, output.freshness(job, "hash-1", output.manifest().read()),
                "an image of an older farm-submit, without a manifest");
        Files.delete(output.imageFile(job));

        assertTrue(store(output, job, Images.solidPng(8, 6, 0), OPEN));
        OutputCollector next = new OutputCollector(output.folder());
        Map<String, Manifest.Entry> entries = next.manifest().read();
        assertEquals(Freshness.UP_TO_DATE, next.freshness(job, "hash-1", entries), "seen by the next run");
        assertEquals(Freshness.CHANGED, next.freshness(job, "hash-2", entries), "other inputs");
        assertEquals(Freshness.MISSING, next.freshness(job.withFormat(OutputFormat.TGA), "hash-1", entries),
                "a Targa of the same scene is another file");

        Files.write(output.imageFile(job), Images.solidPng(16, 12, 0xffffff));
        assertEquals(Freshness.NO_RECORD, next.freshness(job, "hash-1", entries),
                "the entry is about a file of another size: this one was put there by hand");

        RenderJob unknown = job("unknown.pov", 8, 6);
        assertTrue(output.storeImage(unknown, Images.solidPng(8, 6, 0), Optional.empty(),
                new Manifest.Provenance("", 1, "w", Instant.EPOCH), OPEN));
        assertEquals(Freshness.CHANGED, next.freshness(unknown, "", next.manifest().read()),
                "an image whose inputs were not known is rendered again");
    }

    @Test
    void storingAnImageAddsItsManifestEntry() throws Exception {
        OutputCollector output = prepared();
        RenderJob frame = job("anim.pov", 8, 6).withFrame(Frame.of(3, 12)).withFormat(OutputFormat.JPEG);
        byte[] jpeg = ResultArchiveTest.head(OutputFormat.JPEG);
        assertTrue(store(output, frame, jpeg, OPEN));
        assertEquals("anim-8-6-03.jpg", output.imageFile(frame).getFileName().toString());
        assertArrayEquals(jpeg, Files.readAllBytes(output.imageFile(frame)), "POV-Ray's file byte for byte");
        Manifest.Entry entry = output.manifest().read().get("anim-8-6-03.jpg");
        assertEquals(new Manifest.Entry("anim-8-6-03.jpg", "hash-1", "anim", OptionalInt.of(3), 8, 6, jpeg.length,
                "jpeg", "+W8 +H6 +A0.3 +FJ", 1.5, "node1 0x00000001 (127.0.0.1:40001)",
                Instant.parse("2026-01-02T03:04:05Z")), entry);
        assertFalse(store(output, frame, jpeg, action -> false));
        assertEquals(1, Files.readAllLines(output.manifest().file()).size(), "no entry for a refused commit");
    }

    @Test
    void anExrKeepsItsPreviewUntilARenderWithoutOne() throws Exception {
        OutputCollector output = prepared();
        RenderJob job = job("glow.pov", 32, 24).withFormat(OutputFormat.EXR);
        byte[] exr = ResultArchiveTest.head(OutputFormat.EXR);
        byte[] preview = Images.solidPng(32, 24, 0xff0000);
        assertTrue(output.storeImage(job, exr, Optional.of(preview), MADE, OPEN));
        Path kept = output.previewFile(output.imageFile(job));
        assertEquals(output.folder().resolve("previews/glow-32-24.exr.png"), kept);
        assertArrayEquals(preview, Files.readAllBytes(kept));

        RenderJob png = job("flat.pov", 32, 24);
        assertTrue(output.storeImage(png, Images.solidPng(32, 24, 0), Optional.of(preview), MADE, OPEN));
        assertFalse(Files.exists(output.previewFile(output.imageFile(png))), "other formats are read themselves");

        assertTrue(store(output, job, exr, new JobRecord(0, job).gate(0)));
        assertFalse(Files.exists(kept), "an older preview would show the image as it was");
    }

    @Test
    void aFailedScenesLogIsKeptBesideItsImageAndGoesWhenTheSceneRenders() throws Exception {
        OutputCollector output = prepared();
        RenderJob job = job("broken.pov", 8, 6);
        Path log = output.storeLog(job, "farm-submit: broken.pov failed\nParse Error: é\n");
        assertEquals(output.folder().resolve("broken-8-6.log"), log);
        assertEquals("farm-submit: broken.pov failed\nParse Error: é\n", Files.readString(log));
        assertTrue(store(output, job, Images.solidPng(8, 6, 0), OPEN));
        assertFalse(Files.exists(log), "the log of an earlier failure is not left beside a good image");
    }

    @Test
    void temporaryFilesOfGoneRunsAreClearedAndThoseOfLiveRunsKept() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("output"));
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
        Path stale = Files.writeString(folder.resolve(".raypool-" + gone.pid() + "-0a1b-3-knot-8-6.png.tmp"), "half");
        Path staleThumb = Files.writeString(Files.createDirectories(folder.resolve(ContactSheet.THUMBNAILS))
                .resolve(".raypool-" + gone.pid() + "-0a1b-4-knot-8-6.png.tmp"), "half");
        Path live = Files.writeString(folder.resolve(".raypool-" + ProcessHandle.current().pid() + "-ffff-1-x.png.tmp"), "x");
        Path users = Files.writeString(folder.resolve(".notes"), "mine");

        OutputCollector output = new OutputCollector(folder);
        output.prepare();
        assertFalse(Files.exists(stale));
        assertFalse(Files.exists(staleThumb));
        assertTrue(Files.exists(live), "another run in progress keeps its files");
        assertTrue(Files.exists(users));

        Path results = output.resultsFile(job("knot.pov", 8, 6), 3);
        assertEquals(folder, results.getParent());
        assertTrue(results.getFileName().toString().startsWith("."), "hidden: " + results);
        Files.writeString(results, "downloading");
        output.cleanUp();
        assertFalse(Files.exists(results));
        assertTrue(Files.exists(live), "only this collector's files go");

        Path file = Files.writeString(tmp.resolve("afile"), "x");
        IOException e = assertThrows(IOException.class, () -> new OutputCollector(file).prepare());
        assertTrue(e.getMessage().contains("is a file"), e.getMessage());
    }

    @Test
    void theContactSheetShowsEveryImageAndEveryFailureEscaped() throws Exception {
        OutputCollector output = prepared();
        Path folder = output.folder();
        assertTrue(store(output, job("b.pov", 8, 6), Images.solidPng(8, 6, 0xff), OPEN));
        assertTrue(store(output, job("a.pov", 8, 6), Images.solidPng(8, 6, 0xff00), OPEN));
        assertTrue(store(output, job("wide.pov", 640, 240), Images.solidPng(640, 240, 0xff0000), OPEN));
        assertTrue(store(output, job("<b>&'\"x.pov", 8, 6), Images.solidPng(8, 6, 0), OPEN));
        Path log = output.storeLog(job("broken.pov", 8, 6), "Parse Error");
        List<ContactSheet.Failure> failures = List.of(
                new ContactSheet.Failure("broken-8-6", "POV-Ray failed: <script>alert(1)</script> & \"more\"", log),
                new ContactSheet.Failure("nolog-8-6", "cannot pack", null));

        ContactSheet.write(output, failures, "Renders <of> today");
        String html = Files.readString(folder.resolve(ContactSheet.INDEX));
        assertTrue(html.contains("<title>Renders &lt;of&gt; today</title>"), html);
        int a = html.indexOf("href=\"a-8-6.png\"");
        int b = html.indexOf("href=\"b-8-6.png\"");
        int wide = html.indexOf("href=\"wide-640-240.png\"");
        assertTrue(a > 0 && a < b && b < wide, "sorted by name: " + html);
        assertTrue(html.contains("<img src=\"thumbnails/a-8-6.png.png\" width=\"320\" height=\"240\""), html);
        assertTrue(html.contains("href=\"%3Cb%3E%26%27%22x-8-6.png\""), "a link that stays a file name: " + html);
        assertTrue(html.contains("&lt;b&gt;&amp;&#39;&quot;x-8-6"), html);
        assertFalse(html.contains("<b>") || html.contains("<script>"), html);
        assertTrue(html.contains("POV-Ray failed: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;"), html);
        assertTrue(html.contains("<a href=\"broken-8-6.log\">"), html);
        assertTrue(html.contains("nolog-8-6</strong>: <span class=\"reason\">cannot pack</span></li>"), html);
        assertFalse(html.contains("http:") || html.contains("https:") || html.contains("<script") || html.contains("<link"),
                "self-contained: " + html);

        BufferedImage thumb = ImageIO.read(folder.resolve("thumbnails/wide-640-240.png.png").toFile());
        assertEquals(320, thumb.getWidth());
        assertEquals(120, thumb.getHeight());
        assertEquals(0xff0000, thumb.getRGB(160, 60) & 0xffffff);
        assertArrayEquals(Files.readAllBytes(folder.resolve("a-8-6.png")),
                Files.readAllBytes(folder.resolve("thumbnails/a-8-6.png.png")), "small PNGs are their own thumbnail");
        assertTrue(html.contains("<img src=\"thumbnails/wide-640-240.png.png\" width=\"320\" height=\"120\""),
                "shown in the thumbnail's proportions: " + html);
        assertEquals(List.of(), hidden(folder));
        assertEquals(List.of(), hidden(folder.resolve(ContactSheet.THUMBNAILS)));

        Files.delete(folder.resolve("b-8-6.png"));
        assertTrue(store(output, job("a.pov", 8, 6), Images.solidPng(8, 6, 0x00ffff), new JobRecord(0,
                job("a.pov", 8, 6)).gate(0)));
        ContactSheet.write(output, List.of(), "Renders");
        String again = Files.readString(folder.resolve(ContactSheet.INDEX));
        assertFalse(again.contains("b-8-6") || again.contains("Failed"), again);
        assertFalse(Files.exists(folder.resolve("thumbnails/b-8-6.png.png")), "the thumbnail of a removed image goes");
        assertEquals(0x00ffff, ImageIO.read(folder.resolve("thumbnails/a-8-6.png.png").toFile()).getRGB(0, 0) & 0xffffff,
                "a changed image gets a new thumbnail");
    }
}
