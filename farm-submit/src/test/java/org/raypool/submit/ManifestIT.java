package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.submit.testing.FarmPerClass;
import org.raypool.submit.testing.ImageFiles;
import org.raypool.submit.testing.PovrayReference;
import org.raypool.submit.testing.ProcessFarm;
import org.raypool.submit.testing.Processes;
import org.raypool.submit.testing.SubmitJson;
import org.raypool.testing.Await;

/**
 * "Already rendered" means the same work: farm-submit skips an output only when its manifest record in the output
 * folder says it was rendered from the same inputs (scene and what it includes, options, size); an unchanged
 * re-run renders nothing, another {@code +K} or {@code +Q}, an edited include or scene renders again, {@code --force}
 * renders everything, and a batch stopped with Ctrl-C resumes where it stopped.
 */
class ManifestIT {
    @TempDir
    static Path tmp;

    @RegisterExtension
    static final FarmPerClass FARM = new FarmPerClass(2);

    /** {@code n} scenes whose sphere moves with the clock; the first also takes its colour from inc/tint.inc. */
    private static Path scenes(String folder, int n) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(folder));
        Files.createDirectories(dir.resolve("inc"));
        Files.writeString(dir.resolve("inc/tint.inc"), "#declare Tint = rgb <0.9, 0.3, 0.1>;\n");
        for (int i = 0; i < n; i++) {
            Files.writeString(dir.resolve("m" + i + ".pov"), "#version 3.7;\n"
                    + (i == 0 ? "#include \"inc/tint.inc\"\n" : "#declare Tint = rgb <0.2, 0.5, " + (0.1 * i) + ">;\n")
                    + "global_settings { assumed_gamma 1 }\n"
                    + "camera { location <0, 1, -4> look_at <0, 0.5, 0> }\n"
                    + "light_source { <3, 5, -4> rgb 1 }\n"
                    + "plane { y, 0 pigment { checker rgb 1 rgb 0.2 } finish { reflection 0.3 } }\n"
                    + "sphere { <-1.5 + 3 * clock, 0.6, 0>, 0.6 pigment { Tint } finish { reflection 0.4 } }\n");
        }
        return dir;
    }

    private static Map<String, FileTime> images(Path output) throws Exception {
        Map<String, FileTime> images = new TreeMap<>();
        if (!Files.isDirectory(output)) return images;
        try (Stream<Path> files = Files.list(output)) {
            for (Path p : files.filter(p -> p.getFileName().toString().matches("m\\d+-48-36\\.png")).toList()) {
                images.put(p.getFileName().toString(), Files.getLastModifiedTime(p));
            }
        }
        return images;
    }

    private static ProcessFarm.Submitted submit(Path output, String... args) {
        ProcessFarm.Submitted run = FARM.farm().submit(output, args);
        assertEquals(0, run.exitCode(), run.toString());
        return run;
    }

    private static void assertCounts(ProcessFarm.Submitted run, long rendered, long skipped, String why) {
        SubmitJson json = run.json();
        assertEquals(rendered, json.count("rendered"), why + ": rendered\n" + run);
        assertEquals(skipped, json.count("skipped"), why + ": skipped\n" + run);
    }

    @Test
    void onlyChangedWorkIsRenderedAgain() throws Exception {
        Path dir = scenes("scenes", 4);
        Path output = tmp.resolve("output");
        String size = "48x36";
        ProcessFarm.Submitted firstRun = submit(output, "--size", size, dir.toString());
        assertCounts(firstRun, 4, 0, "first run");
        Path plain = tmp.resolve("m0-clock0.png");
        Files.copy(output.resolve("m0-48-36.png"), plain);
        Map<String, FileTime> first = images(output);
        assertEquals(4, first.size(), first.toString());

        ProcessFarm.Submitted unchanged = submit(output, "--size", size, dir.toString());
        assertCounts(unchanged, 0, 4, "unchanged re-run");
        assertEquals(first, images(output), "an unchanged re-run writes no image");

        ProcessFarm.Submitted clock = submit(output, "--size", size, dir.toString(), "+K0.5");
        assertCounts(clock, 4, 0, "+K0.5");
        Path m0 = output.resolve("m0-48-36.png");
        assertFalse(ImageFiles.sameApartFromTimestamps(plain, m0), "at clock 0.5 the sphere is elsewhere");
        PovrayReference.Rendered local = PovrayReference.render(dir.resolve("m0.pov"), tmp, "local-k05", "+W48", "+H36",
                PovrayReference.FARM_ANTIALIAS, "+K0.5");
        assertEquals(Optional.empty(), ImageFiles.difference(local.file("m0.png"), m0));
        assertCounts(submit(output, "--size", size, dir.toString(), "+K0.5"), 0, 4, "+K0.5 again");

        ProcessFarm.Submitted quality = submit(output, "--size", size, dir.toString(), "+K0.5", "+Q5");
        assertCounts(quality, 4, 0, "+Q5 added");

        Files.writeString(dir.resolve("inc/tint.inc"), "#declare Tint = rgb <0.1, 0.9, 0.3>;\n");
        ProcessFarm.Submitted include = submit(output, "--size", size, dir.toString(), "+K0.5", "+Q5");
        // every scene of the folder carries inc/ (the scene-folder sweep packages assets it cannot prove unused), so
        // the others may render again too; m0, which includes it, must
        assertEquals("rendered", include.json().scene("m0-48-36").get("state"), "inc/tint.inc edited: " + include);
        assertEquals(Optional.empty(), ImageFiles.difference(PovrayReference.render(dir.resolve("m0.pov"), tmp,
                "local-green", "+W48", "+H36", PovrayReference.FARM_ANTIALIAS, "+K0.5", "+Q5").file("m0.png"), m0));

        Path m2 = dir.resolve("m2.pov");
        Files.writeString(m2, Files.readString(m2).replace("0.6 pigment", "0.4 pigment"));
        ProcessFarm.Submitted scene = submit(output, "--size", size, dir.toString(), "+K0.5", "+Q5");
        assertCounts(scene, 1, 3, "m2.pov edited");
        assertEquals("rendered", scene.json().scene("m2-48-36").get("state"), scene.stdout());

        ProcessFarm.Submitted force = submit(output, "--force", "--size", size, dir.toString(), "+K0.5", "+Q5");
        assertCounts(force, 4, 0, "--force");
        System.out.printf("ManifestIT: 4 scenes 48x36: first run %.1f s; unchanged re-run rendered 0 in %.1f s; "
                + "+K0.5 rendered 4 in %.1f s; +Q5 rendered 4 in %.1f s; an edited include rendered %d in %.1f s; an "
                + "edited scene rendered 1 in %.1f s; --force rendered 4 in %.1f s%n", firstRun.seconds(),
                unchanged.seconds(), clock.seconds(), quality.seconds(), include.json().count("rendered"),
                include.seconds(), scene.seconds(), force.seconds());
    }

    @Test
    void aBatchStoppedWithCtrlCResumesWhereItStopped() throws Exception {
        int n = 8;
        Path dir = scenes("batch", n);
        Path output = tmp.resolve("output-stopped");
        Processes.Started submit = FARM.farm().start(output, "--size", "48x36", dir.toString());
        int before = Await.until("a first image in " + output, Duration.ofSeconds(120), () -> {
            assertTrue(submit.process().isAlive(), "farm-submit ended before it could be stopped: " + submit.out());
            return images(output).size();
        }, k -> k >= 1);
        Processes.interrupt(submit.process());
        int code = submit.await(Duration.ofSeconds(60));
        // the exit code after Ctrl-C (130, farm-submit/README) is SubmitProcessIT's; here: not "all there"
        assertNotEquals(0, code, "stopped mid-batch\n" + submit.err() + submit.out());
        SubmitJson stopped = SubmitJson.parse(submit.out());
        assertEquals(Boolean.TRUE, stopped.root().get("interrupted"), stopped.toString());
        Map<String, FileTime> there = images(output);
        assertTrue(there.size() < n, "stopped mid-batch: " + there.keySet());
        assertEquals(there.size(), stopped.count("rendered"), "what the summary says it rendered is there: " + stopped);

        ProcessFarm.Submitted resumed = submit(output, "--size", "48x36", dir.toString());
        assertCounts(resumed, n - there.size(), there.size(), "re-run after Ctrl-C");
        for (Map.Entry<String, FileTime> e : there.entrySet()) {
            assertEquals(e.getValue(), Files.getLastModifiedTime(output.resolve(e.getKey())), e.getKey() + " kept");
        }
        assertEquals(n, images(output).size());
        System.out.printf("ManifestIT: Ctrl-C after %d (first seen %d) of %d images; the re-run rendered %d and skipped "
                + "%d in %.1f s%n", there.size(), before, n, resumed.json().count("rendered"),
                resumed.json().count("skipped"), resumed.seconds());
    }
}
