package org.raypool.submit.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.submit.pack.Frame;
import org.raypool.submit.pack.ImageSize;
import org.raypool.submit.pack.OutputFormat;
import org.raypool.submit.pack.RenderJob;
import org.raypool.submit.pack.RenderOptions;
import org.raypool.submit.testing.Images;

/** The contact sheet's layout: captions from the manifest, animations as rows, proportions, OpenEXR previews. */
class ContactSheetTest {
    private static final CommitGate OPEN = OutputCollectorTest.OPEN;

    @TempDir
    Path tmp;

    private OutputCollector prepared() throws Exception {
        OutputCollector output = new OutputCollector(tmp.resolve("output"));
        output.prepare();
        return output;
    }

    private static RenderJob job(String scene, int width, int height) {
        return RenderJob.wholeFrame(Path.of(scene), new ImageSize(width, height), RenderOptions.defaults());
    }

    private static Manifest.Provenance made(double seconds, String worker) {
        return new Manifest.Provenance("h", seconds, worker, Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static String html(OutputCollector output) throws Exception {
        ContactSheet.write(output, List.of(), "Renders");
        return Files.readString(output.folder().resolve(ContactSheet.INDEX));
    }

    @Test
    void theFramesOfAnAnimationFormOneRowInFrameOrderApartFromTheStills() throws Exception {
        OutputCollector output = prepared();
        RenderJob anim = job("spin.pov", 40, 30);
        // Stored out of order, with frame numbers whose names sort differently (9 before 10 only when padded).
        for (int n : new int[] {10, 9, 11}) {
            RenderJob frame = anim.withFrame(new Frame(n, 1));
            assertTrue(output.storeImage(frame, Images.solidPng(40, 30, 0x0000ff * n), Optional.empty(),
                    made(n / 10.0, "node" + n + " 0x0000000" + (n % 10) + " (10.0.0." + n + ":4000)"), OPEN));
        }
        assertTrue(output.storeImage(job("still.pov", 40, 30), Images.solidPng(40, 30, 0xff0000), Optional.empty(),
                made(75, "node1 0x00000001 (10.0.0.1:4000)"), OPEN));
        String html = html(output);

        int row = html.indexOf("<section class=\"animation\">");
        assertTrue(row > 0, html);
        String section = html.substring(row, html.indexOf("</section>", row));
        assertTrue(section.contains("<h2>spin 40x30 png: 3 frames 9\u201311</h2>"), section);
        int f9 = section.indexOf("href=\"spin-40-30-9.png\"");
        int f10 = section.indexOf("href=\"spin-40-30-10.png\"");
        int f11 = section.indexOf("href=\"spin-40-30-11.png\"");
        assertTrue(f9 > 0 && f9 < f10 && f10 < f11, "frame order, not name order: " + section);
        assertTrue(section.contains("<span class=\"name\">frame 10</span><br><span class=\"meta\">1.0 s on node10 "
                + "0x00000000 (10.0.0.10:4000)</span>"), section);
        assertTrue(section.contains("<p class=\"meta\"><code>+W40 +H30 +A0.3 +FN</code></p>"),
                "options shared by every frame are said once: " + section);
        assertFalse(section.contains("still-40-30"), "stills are not in the row");

        String sheet = html.substring(html.indexOf("<div class=\"sheet\">"), row);
        assertTrue(sheet.contains("href=\"still-40-30.png\""), sheet);
        assertTrue(sheet.contains("<span class=\"name\">still-40-30.png</span><br><span class=\"meta\">1 min 15 s on "
                + "node1 0x00000001 (10.0.0.1:4000)</span><br><code>+W40 +H30 +A0.3 +FN</code>"), sheet);
        assertFalse(sheet.contains("spin-40-30"), sheet);
        assertTrue(html.contains("<p>4 images (1 animation).</p>"), html);
        assertTrue(html.contains(".frames{display:flex;flex-wrap:nowrap;gap:.5em;overflow-x:auto"), "a scrolling row");
    }

    @Test
    void everyThumbnailIsShownInItsImagesProportionsWithoutBars() throws Exception {
        OutputCollector output = prepared();
        int[][] sizes = {{640, 480}, {1000, 100}, {90, 300}, {30, 20}};
        for (int[] s : sizes) {
            assertTrue(output.storeImage(job("s" + s[0] + ".pov", s[0], s[1]), Images.solidPng(s[0], s[1], 0x808080),
                    Optional.empty(), made(1, "w"), OPEN));
        }
        String html = html(output);
        assertFalse(html.contains("object-fit") || html.contains("height:160px"), "no fixed boxes: " + html);
        Pattern img = Pattern.compile("<img src=\"thumbnails/s(\\d+)-(\\d+)-(\\d+)\\.png\\.png\" width=\"(\\d+)\" "
                + "height=\"(\\d+)\"");
        Matcher m = img.matcher(html);
        int found = 0;
        while (m.find()) {
            found++;
            double image = Double.parseDouble(m.group(2)) / Double.parseDouble(m.group(3));
            double shown = Double.parseDouble(m.group(4)) / Double.parseDouble(m.group(5));
            assertEquals(image, shown, image * 0.02, m.group());
            assertTrue(Integer.parseInt(m.group(4)) <= ContactSheet.THUMBNAIL_WIDTH
                    && Integer.parseInt(m.group(5)) <= ContactSheet.THUMBNAIL_HEIGHT, m.group());
            BufferedImage thumb = ImageIO.read(output.folder().resolve("thumbnails/s" + m.group(1) + "-" + m.group(2)
                    + "-" + m.group(3) + ".png.png").toFile());
            assertEquals(image, (double) thumb.getWidth() / thumb.getHeight(), image * 0.05, "thumbnail of " + m.group());
        }
        assertEquals(sizes.length, found, html);
        assertTrue(html.contains("width=\"320\" height=\"213\" class=\"up\""), "a small image is shown larger: " + html);
    }

    @Test
    void anExrIsShownFromItsPreviewAndAnImageWithoutRecordByNameAlone() throws Exception {
        OutputCollector output = prepared();
        RenderJob exr = job("glow.pov", 64, 48).withFormat(OutputFormat.EXR);
        byte[] preview = Images.solidPng(32, 24, 0x00ff00);
        assertTrue(output.storeImage(exr, ResultArchiveTest.head(OutputFormat.EXR), Optional.of(preview),
                made(2, "node2"), OPEN));
        RenderJob bare = job("bare.pov", 64, 48).withFormat(OutputFormat.EXR);
        assertTrue(output.storeImage(bare, ResultArchiveTest.head(OutputFormat.EXR), Optional.empty(), made(2, "n"),
                OPEN));
        Files.write(output.folder().resolve("old-8-6.png"), Images.solidPng(8, 6, 0));
        Files.writeString(output.folder().resolve("notes.txt"), "mine");
        Files.writeString(output.folder().resolve("old-8-6.log"), "a log");

        String html = html(output);
        assertTrue(html.contains("<a href=\"glow-64-48.exr\"><img src=\"thumbnails/glow-64-48.exr.png\" width=\"320\" "
                + "height=\"240\""), html);
        assertArrayEquals(preview, Files.readAllBytes(output.folder().resolve("thumbnails/glow-64-48.exr.png")));
        assertTrue(html.contains("<a href=\"bare-64-48.exr\"><span class=\"none\">no preview</span></a>"), html);
        assertTrue(html.contains("<figcaption><span class=\"name\">old-8-6.png</span></figcaption>"),
                "no manifest entry: the name alone: " + html);
        assertTrue(html.contains("<p>3 images.</p>"), "logs and other files are not images: " + html);

        Files.delete(output.imageFile(exr));
        html(output);
        assertFalse(Files.exists(output.previewFile(output.imageFile(exr))), "the preview of a removed image goes");
        assertFalse(Files.exists(output.folder().resolve("thumbnails/glow-64-48.exr.png")));
    }

    @Test
    void timesReadAsPeopleSayThem() {
        assertEquals("0.4 s", ContactSheet.seconds(0.42));
        assertEquals("59.9 s", ContactSheet.seconds(59.94));
        assertEquals("2 min 05 s", ContactSheet.seconds(125));
        assertEquals("1 h 01 min", ContactSheet.seconds(3_660));
        assertArrayEquals(new int[] {320, 180}, ContactSheet.fit(1920, 1080, 320, 240));
        assertArrayEquals(new int[] {72, 240}, ContactSheet.fit(90, 300, 320, 240));
    }
}
