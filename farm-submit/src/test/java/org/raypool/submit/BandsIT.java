package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.raypool.submit.output.Manifest;
import org.raypool.submit.output.OutputCollector;
import org.raypool.submit.pack.Band;
import org.raypool.submit.testing.FarmPerClass;
import org.raypool.submit.testing.ImageFiles;
import org.raypool.submit.testing.Images;
import org.raypool.submit.testing.PovrayReference;
import org.raypool.submit.testing.ProcessFarm;
import org.raypool.submit.testing.SubmitJson;
import org.raypool.testing.Await;

/**
 * {@code --bands N} on a real farm (registrar, two workers, ssrun, POV-Ray): every example scene and the bounce
 * animation cut into bands and stitched equal a local whole-frame render sample for sample (alpha and 16 bits too);
 * the scenes whose bands would differ are rendered whole, saying why in one line; a worker killed mid-band costs
 * that band only (docs/bands.md).
 */
class BandsIT {
    /** Measured with POV-Ray 3.7 (docs/bands.md): radiosity (a jittered area light: BandSafetyTest). */
    private static final Map<String, String> WHOLE = Map.of("knot.pov", "radiosity");

    @TempDir
    static Path tmp;

    @RegisterExtension
    static final FarmPerClass FARM = new FarmPerClass(2);

    private static List<Path> exampleScenes() throws Exception {
        try (Stream<Path> files = Files.list(Images.examples())) {
            return files.filter(p -> p.toString().endsWith(".pov")).sorted().toList();
        }
    }

    private static String base(Path scene) {
        return scene.getFileName().toString().replaceFirst("\\.pov$", "");
    }

    @Test
    void everyExampleSceneInThreeBandsEqualsAWholeFrameRender() throws Exception {
        List<Path> scenes = exampleScenes();
        // glass-marbles (photons, focal blur) is slow: a small size of its own, 64 rows = 2 blocks = 2 bands
        List<Path> small = scenes.stream().filter(s -> !s.endsWith("glass-marbles.pov")).toList();
        Path output = tmp.resolve("examples");
        List<String> args = new ArrayList<>(List.of("--size", "128x96", "--bands", "3"));
        small.forEach(s -> args.add(s.toString()));
        ProcessFarm.Submitted run = FARM.farm().submit(output, args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.toString());
        ProcessFarm.Submitted marbles = FARM.farm().submit(output, "--size", "48x64", "--bands", "3",
                Images.examples().resolve("glass-marbles.pov").toString());
        assertEquals(0, marbles.exitCode(), marbles.toString());

        Map<String, Manifest.Entry> manifest = new Manifest(output.resolve(Manifest.FILE)).read();
        for (Path scene : scenes) {
            boolean isMarbles = scene.endsWith("glass-marbles.pov");
            ProcessFarm.Submitted r = isMarbles ? marbles : run;
            String size = isMarbles ? "48-64" : "128-96";
            String name = base(scene) + "-" + size;
            PovrayReference.Rendered local = PovrayReference.render(scene, tmp, "local-" + base(scene),
                    "+W" + size.split("-")[0], "+H" + size.split("-")[1], PovrayReference.FARM_ANTIALIAS);
            Path stitched = output.resolve(name + ".png");
            assertEquals(Optional.empty(), ImageFiles.sampleDifference(local.file(base(scene) + ".png"), stitched));
            assertEquals(ImageFiles.pngDisplayChunks(local.file(base(scene) + ".png")),
                    ImageFiles.pngDisplayChunks(stitched), "POV-Ray's gamma, sRGB, sBIT and offset kept");
            String why = WHOLE.get(scene.getFileName().toString());
            if (why != null) {
                assertTrue(r.stderr().contains(scene.getFileName() + ": not split into bands: ")
                        && r.stderr().contains(why), "one line why " + scene.getFileName() + " is whole:\n" + r.stderr());
                assertEquals("rendered", r.json().scene(name).get("state"), r.stdout());
                assertEquals(Optional.empty(), ImageFiles.difference(local.file(base(scene) + ".png"), stitched),
                        "a whole frame is POV-Ray's own file");
            } else {
                int height = Integer.parseInt(size.split("-")[1]);
                List<String> bands = Band.split(height, 3).stream().map(b -> "-rows" + b.startRow() + "-" + b.endRow())
                        .toList();
                assertEquals(isMarbles ? 2 : 3, bands.size(), bands.toString());
                for (String b : bands) {
                    assertEquals("rendered", r.json().scene(name + b).get("state"), name + b + ": " + r.stdout());
                    Manifest.Entry e = manifest.get(name + b + ".png");
                    assertTrue(e != null && e.isBand() && e.seconds() > 0 && !e.worker().isEmpty(), "band " + e);
                }
                Manifest.Entry frame = manifest.get(name + ".png");
                assertTrue(frame != null && !frame.isBand() && frame.bytes() == Files.size(stitched), "frame " + frame);
            }
            System.out.printf("BandsIT: %s %s %s, equal to a local whole-frame render%n", scene.getFileName(), size,
                    why == null ? "in 3 bands" : "whole (" + why + ")");
        }
        assertFalse(Files.exists(output.resolve(OutputCollector.BANDS)), "no band files left once stitched");
        // five scenes in 3 bands and knot whole: a run again finds every frame made from the same inputs
        ProcessFarm.Submitted again = FARM.farm().submit(output, args.toArray(String[]::new));
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(16, again.json().count("skipped"), again.stdout());
        assertEquals(0, again.json().count("rendered"), again.stdout());
        String sheet = Files.readString(output.resolve("index.html"));
        assertTrue(sheet.contains("quickstart-128-96.png") && !sheet.contains("rows1-32"), "the sheet shows frames");
        System.out.printf("BandsIT: %d example scenes in %.1f s + glass-marbles in %.1f s%n", small.size(), run.seconds(),
                marbles.seconds());
    }

    @Test
    void theBounceAnimationInBandsEqualsItsWholeFrames() throws Exception {
        Path ini = Images.examples().resolveSibling("animation").resolve("bounce.ini");
        Path output = tmp.resolve("bounce");
        ProcessFarm.Submitted run = FARM.farm().submit(output, "--bands", "3", ini.toString());
        assertEquals(0, run.exitCode(), run.toString());
        // 60 rows are two 32-row blocks: two bands per frame
        assertEquals(16, run.json().count("rendered"), run.stdout());
        PovrayReference.Rendered local = PovrayReference.render(ini, tmp, "local-bounce");
        for (int f = 1; f <= 8; f++) {
            assertEquals(Optional.empty(), ImageFiles.sampleDifference(local.file("bounce" + f + ".png"),
                    output.resolve("bounce-80-60-" + f + ".png")));
        }
        System.out.printf("BandsIT: bounce.ini, 8 frames in 2 bands each, in %.1f s, equal to local frames%n", run.seconds());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"+UA, .png", "+FN16 +UA, .png", "+FC +UA, .tga", "+FP, .ppm", "+FB, .bmp"})
    void alphaSixteenBitsAndOtherFormatsStitchLosslessly(String switches, String extension) throws Exception {
        Path scene = Images.examples().resolve("quickstart.pov");
        List<String> options = new ArrayList<>(List.of(switches.split(" ")));
        Path output = tmp.resolve("formats" + switches.replaceAll("[^A-Za-z0-9]", ""));
        List<String> args = new ArrayList<>(List.of("--size", "64x96", "--bands", "3"));
        args.addAll(options);
        args.add(scene.toString());
        ProcessFarm.Submitted run = FARM.farm().submit(output, args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(3, run.json().count("rendered"), run.stdout());
        List<String> local = new ArrayList<>(List.of("+W64", "+H96", PovrayReference.FARM_ANTIALIAS));
        local.addAll(options);
        PovrayReference.Rendered whole = PovrayReference.render(scene, tmp, "local" + output.getFileName(),
                local.toArray(String[]::new));
        assertEquals(Optional.empty(), ImageFiles.sampleDifference(whole.file("quickstart" + extension),
                output.resolve("quickstart-64-96" + extension)));
        if (extension.equals(".png")) {
            assertEquals(ImageFiles.pngDisplayChunks(whole.file("quickstart.png")),
                    ImageFiles.pngDisplayChunks(output.resolve("quickstart-64-96.png")));
        }
        System.out.printf("BandsIT: quickstart %s in 3 bands in %.1f s, equal to a local whole-frame render%n", switches,
                run.seconds());
    }

    @Test
    void aWorkerKilledWhileRenderingABandCostsThatBandOnly() throws Exception {
        Path scene = slowScene();
        try (ProcessFarm farm = ProcessFarm.start(tmp.resolve("slow-farm"), 2)) {
            Path output = tmp.resolve("slow-output");
            CompletableFuture<ProcessFarm.Submitted> submitted = CompletableFuture.supplyAsync(() -> farm.submit(output,
                    "--size", "160x128", "--bands", "4", "--antialias", "0.1", "+R3", scene.toString()));
            // killed as soon as it runs POV-Ray on a band: that band is lost with it
            Optional<org.raypool.submit.testing.Processes.Started> victim = Await.until("a worker rendering a band",
                    Duration.ofSeconds(60), farm::workerRenderingNow, Optional::isPresent);
            ProcessFarm.kill9(victim.get());
            ProcessFarm.Submitted run = submitted.get();
            assertEquals(0, run.exitCode(), run.toString());
            SubmitJson json = run.json();
            assertEquals(4, json.count("rendered"), run.stdout());
            assertEquals(1, json.failedOver(), "exactly one band lost its worker: " + run.stdout());
            long attempts = json.scenes().stream().mapToLong(s -> ((Number) s.get("attempts")).longValue()).sum();
            long bandEntries = Files.readAllLines(output.resolve(Manifest.FILE)).stream()
                    .filter(l -> l.contains("\"start_row\"")).count();
            assertEquals(4, bandEntries, "every band committed once");
            PovrayReference.Rendered local = slowReference();
            assertEquals(Optional.empty(), ImageFiles.sampleDifference(local.file("slow.png"),
                    output.resolve("slow-160-128.png")));
            System.out.printf("BandsIT: worker killed mid-band: 4 bands, %d attempts (%s), 1 failed over, in %.1f s "
                    + "(local whole frame %.1f s)%n", attempts, json.scenes().stream().map(s -> s.get("name") + " "
                    + s.get("attempts") + "/" + s.get("failovers")).toList(), run.seconds(), local.seconds());
        }
    }

    private static PovrayReference.Rendered slowLocal;

    /** The slow scene rendered whole by the local POV-Ray, once for both tests that use it. */
    private static synchronized PovrayReference.Rendered slowReference() throws Exception {
        if (slowLocal == null) slowLocal = PovrayReference.render(slowScene(), tmp, "local-slow", "+W160", "+H128", "+A0.1", "+R3");
        return slowLocal;
    }

    /** A scene whose 32-row band takes 1-2 s of CPU at 160x128 (glass spheres, reflections). */
    private static Path slowScene() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("slow"));
        return Files.writeString(folder.resolve("slow.pov"), """
                #version 3.7;
                global_settings { assumed_gamma 1 max_trace_level 12 }
                camera { location <0, 3, -7> look_at <0, 0.5, 0> }
                light_source { <4, 9, -6> rgb 1 }
                plane { y, 0 pigment { checker rgb 0.9 rgb 0.1 scale 0.5 } finish { reflection 0.3 } }
                #for (I, 0, 59)
                  sphere { <mod(I, 10) - 4.5, 0.4 + div(I, 10) * 0.6, mod(I * 7, 5) - 1>, 0.35
                    pigment { rgbf <0.9, 0.95, 1, 0.7> } finish { reflection 0.4 specular 0.8 } interior { ior 1.5 } }
                #end
                sky_sphere { pigment { gradient y color_map { [0 rgb 1] [1 rgb <0.3, 0.5, 0.9>] } } }
                """);
    }

    @Test
    void aRunStoppedHardLosesNoBandAlreadyBackAndTheReRunRendersOnlyTheMissingOnes() throws Exception {
        Path scene = slowScene();
        Path output = tmp.resolve("resume");
        String[] args = {"--size", "160x128", "--bands", "4", "--antialias", "0.1", "+R3", scene.toString()};
        org.raypool.submit.testing.Processes.Started first = FARM.farm().start(output, args);
        Path bands = output.resolve(OutputCollector.BANDS);
        Path manifest = output.resolve(Manifest.FILE);
        Await.until("a band back in " + output, Duration.ofSeconds(60), () -> recordedBands(manifest), n -> n >= 1);
        org.raypool.submit.testing.Processes.kill9(first.process());
        first.process().waitFor();
        // a band counts as kept once its file and its manifest line are there (the line follows the file)
        long kept = recordedBands(manifest);
        assertTrue(bandFiles(bands) >= kept, "band files in " + bands);
        assertTrue(kept >= 1 && kept < 4, kept + " band files kept by the stopped run: " + first.err());

        ProcessFarm.Submitted again = FARM.farm().submit(output, args);
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(kept, again.json().count("skipped"), again.stdout());
        assertEquals(4 - kept, again.json().count("rendered"), again.stdout());
        PovrayReference.Rendered local = slowReference();
        assertEquals(Optional.empty(), ImageFiles.sampleDifference(local.file("slow.png"),
                output.resolve("slow-160-128.png")));
        assertFalse(Files.exists(bands), "band files removed once stitched");
        System.out.printf("BandsIT: farm-submit killed with %d of 4 bands back; the re-run rendered %d in %.1f s%n",
                kept, 4 - kept, again.seconds());
    }

    private static long recordedBands(Path manifest) throws Exception {
        if (!Files.isRegularFile(manifest)) return 0;
        return Files.readAllLines(manifest).stream().filter(l -> l.contains("\"start_row\"")).count();
    }

    private static long bandFiles(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) return 0;
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".png")).count();
        }
    }
}
