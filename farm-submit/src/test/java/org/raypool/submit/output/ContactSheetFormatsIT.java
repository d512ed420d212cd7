package org.raypool.submit.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.submit.pack.ImageSize;
import org.raypool.submit.pack.OutputFormat;
import org.raypool.submit.pack.RenderJob;
import org.raypool.submit.pack.RenderOptions;

/**
 * Every format POV-Ray 3.7 writes, rendered small by the real {@code povray}, gets a contact sheet thumbnail that
 * shows the picture (a red ball on blue) in the image's proportions; OpenEXR through the PNG preview that POV-Ray
 * itself makes of it, as ssrun does. Skipped where POV-Ray is not installed.
 */
class ContactSheetFormatsIT {
    /** Emissive colours only, so every format holds plain red and blue whatever its gamma and range. */
    private static final String SCENE = """
            #version 3.7;
            global_settings { assumed_gamma 1 }
            camera { location <0, 0, -4> look_at 0 right x * image_width / image_height }
            background { rgb <0, 0, 1> }
            sphere { 0, 1.2 pigment { rgb <1, 0, 0> } finish { ambient 0 diffuse 0 emission 1 } }
            """;

    /** What ssrun renders for an OpenEXR image (examples-povray/ssrun/ssrun): an orthographic view of the image. */
    private static final String PREVIEW_SCENE = """
            #version 3.7;
            camera { orthographic location <0.5, 0.5, -1> direction z right x up y }
            plane { z, 0 pigment { image_map { exr "%s" once interpolate 2 } } finish { ambient 0 diffuse 0 emission 1 } }
            """;

    private record Case(String label, String formatSwitch, OutputFormat format, int width, int height) {}

    private static final List<Case> CASES = List.of(
            new Case("n", "+FN", OutputFormat.PNG, 32, 24),
            new Case("n16", "+FN16", OutputFormat.PNG, 32, 24),
            new Case("t", "+FT", OutputFormat.TGA, 32, 24),
            new Case("c", "+FC", OutputFormat.TGA_COMPRESSED, 32, 24),
            new Case("p", "+FP", OutputFormat.PPM, 32, 24),
            new Case("j", "+FJ", OutputFormat.JPEG, 32, 24),
            new Case("e", "+FE", OutputFormat.EXR, 32, 24),
            new Case("h", "+FH", OutputFormat.HDR, 32, 24),
            new Case("b", "+FB", OutputFormat.BMP, 32, 24),
            // Larger than the thumbnail box: scaled (with subsampled decoding) by the Targa and Radiance readers.
            new Case("t-wide", "+FT", OutputFormat.TGA, 400, 100),
            new Case("h-tall", "+FH", OutputFormat.HDR, 60, 300));

    @TempDir
    Path tmp;

    @BeforeAll
    static void povrayIsInstalled() {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "povray"))) found = true;
        }
        assumeTrue(found, "POV-Ray is not installed (apt-get install povray)");
    }

    private void povray(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("povray"));
        command.addAll(List.of(args));
        command.addAll(List.of("-D", "+WT1", "-A"));
        Path log = dir.resolve("povray.txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "povray took too long");
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + Files.readString(log));
    }

    @Test
    void everyFormatPovrayWritesGetsAThumbnailInItsProportions() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("render"));
        Files.writeString(work.resolve("ball.pov"), SCENE);
        OutputCollector output = new OutputCollector(tmp.resolve("output"));
        output.prepare();
        CommitGate open = OutputCollectorTest.OPEN;
        for (Case c : CASES) {
            String file = "ball-" + c.label() + c.format().extension();
            povray(work, "ball.pov", "+W" + c.width(), "+H" + c.height(), c.formatSwitch(), "+O" + file);
            Optional<byte[]> preview = Optional.empty();
            if (c.format() == OutputFormat.EXR) {
                Files.writeString(work.resolve("preview.pov"), PREVIEW_SCENE.formatted(file));
                povray(work, "preview.pov", "+W" + c.width(), "+H" + c.height(), "+FN", "+Opreview.png");
                preview = Optional.of(Files.readAllBytes(work.resolve("preview.png")));
            }
            RenderJob job = RenderJob.wholeFrame(Path.of("fmt-" + c.label() + ".pov"), new ImageSize(c.width(),
                    c.height()), RenderOptions.defaults()).withFormat(c.format());
            byte[] image = Files.readAllBytes(work.resolve(file));
            assertTrue(ResultArchive.looksLike(c.format(), image), file + " is recognised as " + c.format());
            assertTrue(output.storeImage(job, image, preview,
                    new Manifest.Provenance("h", 0.5, "node1 0x00000001 (127.0.0.1:4000)", Instant.now()), open));
        }

        ContactSheet.write(output, List.of(), "Formats");
        String html = Files.readString(output.folder().resolve(ContactSheet.INDEX));
        assertTrue(html.contains("<p>" + CASES.size() + " images.</p>"), html);
        for (Case c : CASES) {
            RenderJob job = RenderJob.wholeFrame(Path.of("fmt-" + c.label() + ".pov"), new ImageSize(c.width(),
                    c.height()), RenderOptions.defaults()).withFormat(c.format());
            String name = job.outputFileName();
            String what = name + " (" + c.formatSwitch() + ")";
            Path thumbFile = output.folder().resolve(ContactSheet.THUMBNAILS).resolve(name + ".png");
            assertTrue(Files.isRegularFile(thumbFile), "no thumbnail for " + what + ":\n" + html);
            BufferedImage thumb = ImageIO.read(thumbFile.toFile());
            assertNotNull(thumb, what);
            double ratio = (double) c.width() / c.height();
            assertTrue(thumb.getWidth() <= ContactSheet.THUMBNAIL_WIDTH && thumb.getHeight() <= ContactSheet.THUMBNAIL_HEIGHT,
                    what + " thumbnail " + thumb.getWidth() + "x" + thumb.getHeight());
            assertEquals(ratio, (double) thumb.getWidth() / thumb.getHeight(), ratio * 0.05,
                    what + " thumbnail " + thumb.getWidth() + "x" + thumb.getHeight());
            assertColour(thumb, thumb.getWidth() / 2, thumb.getHeight() / 2, 0, what + " centre (the ball)");
            assertColour(thumb, 0, 0, 2, what + " corner (the background)");

            Matcher shown = Pattern.compile("<a href=\"" + Pattern.quote(name) + "\"><img src=\"thumbnails/"
                    + Pattern.quote(name) + "\\.png\" width=\"(\\d+)\" height=\"(\\d+)\"").matcher(html);
            assertTrue(shown.find(), what + " on the page:\n" + html);
            double shownRatio = Double.parseDouble(shown.group(1)) / Double.parseDouble(shown.group(2));
            assertEquals(ratio, shownRatio, ratio * 0.02, what + " shown " + shown.group(1) + "x" + shown.group(2));
            assertTrue(html.contains("+W" + c.width() + " +H" + c.height() + " +A0.3 +F" + c.format().letter()),
                    "the options under " + what);
        }
    }

    /** The pixel is clearly of the primary colour {@code channel} (0 red, 1 green, 2 blue). */
    private static void assertColour(BufferedImage image, int x, int y, int channel, String what) {
        int rgb = image.getRGB(x, y);
        int[] c = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
        for (int i = 0; i < 3; i++) {
            if (i != channel) {
                assertTrue(c[channel] > c[i] + 60, what + ": " + String.format("#%06x", rgb & 0xffffff));
            }
        }
    }
}
