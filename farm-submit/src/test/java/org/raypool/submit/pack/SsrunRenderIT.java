package org.raypool.submit.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs work packages the way a worker does (unpack with tar, then {@code ./ssrun output.data "" "" ""})
 * with the real POV-Ray, and compares the pixels with a plain local povray run.
 */
class SsrunRenderIT {

    private static final PackageBuilder BUILDER = new PackageBuilder(PackageSettings.defaults());

    @TempDir
    Path tmp;

    @BeforeAll
    static void povrayIsInstalled() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("povray", "--version").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("these tests need POV-Ray 3.7 on PATH (scripts/install-deps installs it)", e);
        }
        String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertTrue(version.contains("POV-Ray 3.7"), version);
    }

    /** Scenes whose renders are pixel-for-pixel repeatable (no jitter, radiosity, photons or focal blur). */
    @ParameterizedTest
    @ValueSource(strings = {"quickstart.pov", "billiards.pov", "tiled-crates.pov", "skyline.pov", "terrain.pov"})
    void ssrunRendersTheSamePixelsAsALocalPovrayRun(String name) throws Exception {
        Path scene = Examples.scene(name);
        RenderJob job = RenderJob.wholeFrame(scene, new ImageSize(64, 48), RenderOptions.defaults());
        SsrunResult farm = runOnWorker(BUILDER.build(job), tmp.resolve("session"));
        assertEquals(0, farm.exitCode(), farm.log());
        assertTrue(farm.log().contains("POV-Ray finished"), farm.log());

        Path reference = tmp.resolve("local.png");
        int local = run(scene.getParent(), tmp.resolve("local.txt"),
                "povray", name, "+WT1", "+W64", "+H48", "+A0.3", "-D", "+FN", "+O" + reference);
        assertEquals(0, local, Files.readString(tmp.resolve("local.txt")));
        BufferedImage image = farm.image();
        assertTrue(image.getRGB(0, 0) != image.getRGB(32, 40) || image.getRGB(0, 0) != image.getRGB(63, 24), "a blank image proves nothing");
        assertSamePixels(ImageIO.read(reference.toFile()), image);
    }

    @Test
    void brokenSceneFailsWithPovrayExitCodeAndSendsTheLogBack() throws Exception {
        Path scene = Examples.write(tmp.resolve("scenes/broken.pov"),
                "#version 3.7;\nglobal_settings { assumed_gamma 1 }\nsphere { <0, 0, 0>, 1\n  pigment { rgb 1 }\nbox { 0, 1 }\n");
        SsrunResult farm = runOnWorker(BUILDER.build(RenderJob.wholeFrame(scene, new ImageSize(64, 48), RenderOptions.defaults())),
                tmp.resolve("session"));
        int local = run(scene.getParent(), tmp.resolve("local.txt"), "povray", "broken.pov", "+W64", "+H48", "-D", "+O" + tmp.resolve("x.png"));
        assertNotEquals(0, local);
        assertEquals(local, farm.exitCode());
        assertTrue(farm.results().containsKey("output.txt"));
        assertFalse(farm.results().containsKey("output.png"));
        assertTrue(farm.log().contains("Parse Error"), farm.log());
        assertTrue(farm.log().contains("ssrun: POV-Ray exit code " + local), farm.log());
    }

    @Test
    void aLogLongerThanTheCapIsCutToItsEndSoTheResultsStayWithinTheDownloadBound() throws Exception {
        Path scene = Examples.write(tmp.resolve("scenes/chatty.pov"), """
                #version 3.7;
                global_settings { assumed_gamma 1 }
                #declare I = 0;
                #while (I < 40000)
                  #debug concat("chatty line ", str(I, 6, 0), " of forty thousand, padding padding\n")
                  #declare I = I + 1;
                #end
                camera { location <0, 1, -3> look_at 0 }
                light_source { <2, 4, -3> rgb 1 }
                sphere { <0, 0, 0>, 1 pigment { rgb <0.2, 0.6, 0.9> } }
                """);
        RenderJob job = RenderJob.wholeFrame(scene, new ImageSize(64, 48), RenderOptions.defaults());
        SsrunResult farm = runOnWorker(BUILDER.build(job), tmp.resolve("session"));
        assertEquals(0, farm.exitCode(), farm.log().substring(Math.max(0, farm.log().length() - 2000)));
        byte[] log = farm.results().get("output.txt");
        assertTrue(log.length <= (1 << 20) + 100, "output.txt cut to 1 MiB and a note: " + log.length);
        String text = farm.log();
        assertTrue(text.startsWith("ssrun: the first "), text.substring(0, 200));
        assertTrue(text.contains("chatty line  39999 of forty thousand"), "the end is kept");
        assertTrue(text.contains("ssrun: POV-Ray exit code 0"), "ssrun's last lines are kept");
        long archive = Files.size(tmp.resolve("session").resolve("output.data"));
        assertTrue(archive <= org.raypool.submit.output.DownloadBound.forJob(job), "results of " + archive + " bytes");
        farm.image();
    }

    @Test
    void missingPovrayIsAFailureWithALog() throws Exception {
        WorkPackage p = BUILDER.build(RenderJob.wholeFrame(Examples.scene("quickstart.pov"), new ImageSize(64, 48), RenderOptions.defaults()));
        SsrunResult farm = runOnWorker(p, tmp.resolve("session"), "RAYPOOL_POVRAY", tmp.resolve("no/povray").toString());
        assertEquals(127, farm.exitCode());
        assertTrue(farm.log().contains("not found"), farm.log());
    }

    @Test
    void blockAlignedBandsRenderOnlyTheirRowsAndStitchIntoTheWholeFrame() throws Exception {
        Path scene = Examples.scene("tiled-crates.pov");
        ImageSize size = new ImageSize(64, 96);
        RenderOptions options = RenderOptions.defaults();
        BufferedImage whole = runOnWorker(BUILDER.build(RenderJob.wholeFrame(scene, size, options)), tmp.resolve("whole")).image();
        List<Band> bands = List.of(new Band(1, 32), new Band(33, 96));
        BufferedImage stitched = new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_RGB);
        for (Band band : bands) {
            SsrunResult farm = runOnWorker(BUILDER.build(RenderJob.wholeFrame(scene, size, options).withBand(band)), tmp.resolve("band" + band.startRow()));
            assertEquals(0, farm.exitCode(), farm.log());
            assertTrue(farm.log().contains("rows " + band.startRow() + " to " + band.endRow()), farm.log());
            BufferedImage image = farm.image();
            assertEquals(size.width(), image.getWidth());
            assertEquals(size.height(), image.getHeight());
            for (int y = 0; y < size.height(); y++) {
                boolean inBand = y + 1 >= band.startRow() && y + 1 <= band.endRow();
                for (int x = 0; x < size.width(); x++) {
                    if (inBand) {
                        stitched.setRGB(x, y, image.getRGB(x, y));
                    } else {
                        assertEquals(0xff000000, image.getRGB(x, y), "pixel " + x + "," + y + " outside " + band);
                    }
                }
            }
        }
        assertSamePixels(whole, stitched);
    }

    private record SsrunResult(int exitCode, Map<String, byte[]> results) {
        String log() {
            byte[] log = results.get("output.txt");
            return log == null ? "(no output.txt)" : new String(log, StandardCharsets.UTF_8);
        }

        BufferedImage image() throws IOException {
            assertTrue(results.containsKey("output.png"), "no output.png; log:\n" + log());
            return ImageIO.read(new ByteArrayInputStream(results.get("output.png")));
        }
    }

    /** What a worker does: tar xzf input.data, then ./ssrun output.data "" "" "" in the session folder. */
    private static SsrunResult runOnWorker(WorkPackage workPackage, Path session, String... environment) throws Exception {
        Files.createDirectories(session);
        workPackage.writeTo(session.resolve("input.data"));
        assertEquals(0, run(session, session.resolve("tar.txt"), "tar", "xzf", "input.data"), Files.readString(session.resolve("tar.txt")));
        ProcessBuilder ssrun = new ProcessBuilder("./ssrun", "output.data", "", "", "").directory(session.toFile())
                .redirectErrorStream(true).redirectOutput(session.resolve("ssrun-stdout.txt").toFile());
        for (int i = 0; i + 1 < environment.length; i += 2) {
            ssrun.environment().put(environment[i], environment[i + 1]);
        }
        int exit = waitFor(ssrun.start());
        Path results = session.resolve("output.data");
        assertTrue(Files.isRegularFile(results), "ssrun did not create output.data: " + Files.readString(session.resolve("ssrun-stdout.txt")));
        return new SsrunResult(exit, Examples.unpack(Files.readAllBytes(results)));
    }

    private static int run(Path dir, Path log, String... command) throws Exception {
        return waitFor(new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start());
    }

    private static int waitFor(Process process) throws InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("process did not finish within 120 s");
        }
        return process.exitValue();
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        assertEquals(expected.getWidth(), actual.getWidth(), "width");
        assertEquals(expected.getHeight(), actual.getHeight(), "height");
        int w = expected.getWidth();
        int h = expected.getHeight();
        int[] a = expected.getRGB(0, 0, w, h, null, 0, w);
        int[] b = actual.getRGB(0, 0, w, h, null, 0, w);
        int differing = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                differing++;
            }
        }
        assertEquals(0, differing, "pixels differing between local POV-Ray and ssrun");
    }
}
