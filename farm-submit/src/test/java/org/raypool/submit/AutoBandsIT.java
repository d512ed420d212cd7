package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.submit.testing.FarmPerClass;
import org.raypool.submit.testing.ImageFiles;
import org.raypool.submit.testing.Images;
import org.raypool.submit.testing.PovrayReference;
import org.raypool.submit.testing.ProcessFarm;
import org.raypool.submit.testing.Processes;

/**
 * {@code --bands auto} on a real farm (registrar, two workers of one slot, ssrun, POV-Ray; docs/bands-auto.md):
 * glass-marbles at 160x120 (about 13 s of trace on one slot) is split, two small scenes stay whole, every image equals
 * a local whole-frame render; the first run previews the frames on the farm, a second one (--force) plans from the
 * manifest's history and previews nothing.
 */
class AutoBandsIT {
    private static final Pattern LINE = Pattern.compile("farm-submit: --bands auto: 3 frames on 2 slots, costs from "
            + "([^;]+); ([^;]+); estimated batch [0-9.]+ s( \\([0-9.]+ s in whole frames\\))?");
    private static final List<String> SCENES = List.of("glass-marbles", "quickstart", "terrain");
    private static final String SIZE = "160-120";

    @TempDir
    static Path tmp;

    @RegisterExtension
    static final FarmPerClass FARM = new FarmPerClass(2);

    @Test
    void splitsOnlyTheExpensiveFrameFromPreviewsThenFromHistory() throws Exception {
        Path output = tmp.resolve("auto");
        List<String> args = new ArrayList<>(List.of("--size", "160x120", "--bands", "auto"));
        SCENES.forEach(s -> args.add(Images.examples().resolve(s + ".pov").toString()));

        Run first = run(output, args, "3 previews", 3);
        ProcessFarm.Submitted r = first.submitted();
        assertEquals(first.bands(), r.json().scenes().stream().filter(j -> String.valueOf(j.get("name"))
                .startsWith("glass-marbles-" + SIZE + "-rows") && "rendered".equals(j.get("state"))).count(), r.stdout());
        assertEquals("rendered", r.json().scene("quickstart-" + SIZE).get("state"), "quickstart whole");
        assertEquals("rendered", r.json().scene("terrain-" + SIZE).get("state"), "terrain whole");
        try (Stream<Path> files = Files.list(output)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().noneMatch(n -> n.contains("-20-15")), "no preview in the output folder: " + names);
        }
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("raypool-previews-")),
                    "the previews' folder is removed");
        }
        for (String scene : SCENES) {
            PovrayReference.Rendered local = PovrayReference.render(Images.examples().resolve(scene + ".pov"), tmp,
                    "local-" + scene, "+W160", "+H120", PovrayReference.FARM_ANTIALIAS);
            assertEquals(Optional.empty(), ImageFiles.sampleDifference(local.file(scene + ".png"),
                    output.resolve(scene + "-" + SIZE + ".png")), scene);
        }

        args.add(0, "--force");
        Run again = run(output, args, "history", 0);
        System.out.printf("AutoBandsIT: %s (%.1f s); then %s (%.1f s)%n", first.line(), r.seconds(), again.line(),
                again.submitted().seconds());
    }

    private record Run(ProcessFarm.Submitted submitted, String line, int bands) {}

    /**
     * One farm-submit run that says its costs came from {@code source} and splits glass-marbles alone; the workers ran
     * {@code previews} previews besides the rendered jobs.
     */
    private static Run run(Path output, List<String> args, String source, int previews) throws IOException {
        long before = workerJobs();
        ProcessFarm.Submitted run = FARM.farm().submit(output, args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.toString());
        Matcher said = line(run);
        assertEquals(source, said.group(1), said.group());
        int bands = bandsOfMarbles(said);
        assertTrue(bands >= 2, said.group());
        assertEquals(bands + 2, run.json().count("rendered"), run.stdout());
        assertEquals(bands + 2 + previews, workerJobs() - before, "the farm ran " + previews + " previews and the planned jobs");
        return new Run(run, said.group(), bands);
    }

    private static Matcher line(ProcessFarm.Submitted run) {
        Matcher m = LINE.matcher(run.stderr());
        assertTrue(m.find(), "the one line of --bands auto:\n" + run.stderr());
        return m;
    }

    private static int bandsOfMarbles(Matcher line) {
        Matcher m = Pattern.compile("^glass-marbles-" + SIZE + " in (\\d+) bands$").matcher(line.group(2));
        assertTrue(m.matches(), "glass-marbles alone is split: " + line.group());
        return Integer.parseInt(m.group(1));
    }

    /** Jobs the workers ran so far: each logs "RunningJob - session N: ssrun succeeded after ..." (farm-worker). */
    private static long workerJobs() throws IOException {
        long n = 0;
        for (Processes.Started w : FARM.farm().workers) {
            n += w.err().lines().filter(l -> l.contains("RunningJob - session ") && l.contains(": ssrun succeeded after ")).count();
        }
        return n;
    }
}
