package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.submit.testing.ImageFiles;
import org.raypool.submit.testing.Images;
import org.raypool.submit.testing.PovrayReference;
import org.raypool.submit.testing.ProcessFarm;
import org.raypool.submit.testing.Processes;
import org.raypool.submit.testing.SubmitJson;
import org.raypool.testing.Await;

/**
 * The example animation (examples-povray/animation/bounce.ini: 8 frames, clock 0..2, every animation value visible
 * in the picture) through two real workers, one of them killed with SIGKILL while it renders a frame: every frame
 * arrives under its padded name and is POV-Ray's own file of a local run of the whole animation, and the dead
 * worker cost no more than the frame it had.
 */
class AnimationIT {
    private static final int FRAMES = 8;
    private static final Pattern FRAME_FILE = Pattern.compile("bounce-80-60-[1-8]\\.png");

    @TempDir
    Path tmp;

    private ProcessFarm farm;

    @AfterEach
    void stop() {
        if (farm != null) farm.close();
    }

    static Path bounce() {
        return Images.examples().getParent().resolve("animation").resolve("bounce.ini");
    }

    private CompletableFuture<PovrayReference.Rendered> reference(Path ini, String label, String... switches) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return PovrayReference.render(ini, tmp, label, switches);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    private static long framesIn(Path output) throws Exception {
        if (!Files.isDirectory(output)) return 0;
        try (Stream<Path> files = Files.list(output)) {
            return files.filter(p -> FRAME_FILE.matcher(p.getFileName().toString()).matches()).count();
        }
    }

    @Test
    void eightFramesThroughTwoWorkersOneKilledEqualTheLocalRunOfTheWholeAnimation() throws Exception {
        // the local run while the farm starts: both mostly wait
        CompletableFuture<PovrayReference.Rendered> reference = reference(bounce(), "local");
        farm = ProcessFarm.start(tmp.resolve("logs"), 2);
        PovrayReference.Rendered local = reference.get();
        assertEquals(IntStream.rangeClosed(1, FRAMES).mapToObj(n -> "bounce" + n + ".png").toList(), local.names());
        assertFalse(ImageFiles.sameApartFromTimestamps(local.file("bounce1.png"), local.file("bounce8.png")),
                "the frames of the animation differ");

        Path output = tmp.resolve("output");
        long start = System.nanoTime();
        Processes.Started submit = farm.start(output, bounce().toString());
        long before = Await.until("two frames in " + output, Duration.ofSeconds(120), () -> {
            assertTrue(submit.process().isAlive(),
                    "farm-submit ended before two frames were in: " + submit.err() + submit.out());
            return framesIn(output);
        }, n -> n >= 2);
        Processes.Started victim = Await.until("a worker running POV-Ray", Duration.ofSeconds(60), () -> {
            assertTrue(submit.process().isAlive(), "farm-submit ended before a worker could be killed: " + submit.out());
            return farm.workerRenderingNow();
        }, Optional::isPresent).get();
        long onVictim = ProcessFarm.povrayRuns(victim);
        long framesThen = framesIn(output);
        ProcessFarm.kill9(victim);

        int exit = submit.await(Duration.ofSeconds(180));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, exit, submit.err() + submit.out());
        SubmitJson json = SubmitJson.parse(submit.out());
        assertEquals(FRAMES, json.count("rendered"), json.toString());
        assertEquals(0, json.count("failed"), json.toString());
        assertEquals(IntStream.rangeClosed(1, FRAMES).mapToObj(n -> "bounce-80-60-" + n + ".png").toList(), pngs(output));
        for (int n = 1; n <= FRAMES; n++) {
            Path frame = output.resolve("bounce-80-60-" + n + ".png");
            assertEquals(Optional.empty(), ImageFiles.difference(local.file("bounce" + n + ".png"), frame), "frame " + n);
        }
        assertOneRowOfFrames(output.resolve("index.html"), FRAMES);
        assertEquals(1, onVictim, "one session per worker: the killed worker had one frame");
        String attempts = json.scenes().stream().map(s -> s.get("name") + ": " + s.get("attempts") + " attempt(s), "
                + s.get("failovers") + " failover(s)").collect(Collectors.joining("\n"));
        String retries = submit.err().lines().filter(l -> l.contains("retry") || l.contains("lost") || l.contains("fail"))
                .collect(Collectors.joining("\n"));
        // a job that a busy worker turned away ("Not Ready") lost no render; one that lost its worker did
        String story = victim.name() + " killed:\n" + attempts + "\nfarm-submit said:\n" + retries;
        assertEquals(onVictim, json.failedOver(), "jobs rendered again = frames that were on the killed worker: " + story);
        assertEquals(onVictim, json.count("failovers"), "one failover per frame that was on it: " + story);

        System.out.printf("AnimationIT: %d frames of bounce.ini at 80x60 in %.1f s through 2 workers; %s killed with %d "
                + "frame(s) on it after %d (first seen %d) frames were in; %d job(s) rendered again, %d failover(s), %d "
                + "job(s) with more than one attempt; "
                + "local povray of the whole animation %.1f s; every frame equal to the local one apart from time "
                + "stamps%n", FRAMES, seconds, victim.name(), onVictim, framesThen, before, json.failedOver(),
                json.count("failovers"), json.retried(), local.seconds());
    }

    @Test
    void subsetsOfLongerAndCyclicAnimationsArePaddedAndKeepTheWholeAnimationsClock() throws Exception {
        // 12 frames over the same clock 0..2: frame numbers get two digits, and frames 9 and 10 alone must still
        // see clock_delta 2/11 and their own clock values; Cyclic_Animation (+KC) spreads the clock over 8 frames as
        // if frame 9 were frame 1 again, so its frame 8 has clock 1.75 instead of 2
        CompletableFuture<PovrayReference.Rendered> reference = reference(bounce(), "local-12", "+KFF12");
        CompletableFuture<PovrayReference.Rendered> cyclicReference = reference(bounce(), "local-cyclic", "+KC");
        farm = ProcessFarm.start(tmp.resolve("logs"), 2);
        Path output = tmp.resolve("output-12");
        ProcessFarm.Submitted run = farm.submit(output, bounce().toString(), "+KFF12", "--frames", "9-10");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(2, run.json().count("rendered"), run.stdout());
        assertEquals(List.of("bounce-80-60-09.png", "bounce-80-60-10.png"), pngs(output));
        PovrayReference.Rendered local = reference.get();
        for (String n : List.of("09", "10")) {
            assertEquals(Optional.empty(), ImageFiles.difference(local.file("bounce" + n + ".png"),
                    output.resolve("bounce-80-60-" + n + ".png")), "frame " + n + " of 12");
        }
        Path cyclicOutput = tmp.resolve("output-cyclic");
        ProcessFarm.Submitted cyclic = farm.submit(cyclicOutput, bounce().toString(), "+KC", "--frames", "7-8");
        assertEquals(0, cyclic.exitCode(), cyclic.toString());
        assertEquals(List.of("bounce-80-60-7.png", "bounce-80-60-8.png"), pngs(cyclicOutput));
        PovrayReference.Rendered localCyclic = cyclicReference.get();
        for (String n : List.of("7", "8")) {
            assertEquals(Optional.empty(), ImageFiles.difference(localCyclic.file("bounce" + n + ".png"),
                    cyclicOutput.resolve("bounce-80-60-" + n + ".png")), "frame " + n + " of the cyclic animation");
        }

        // the comparisons see the clock: the same frame numbers of the plain animation look different
        PovrayReference.Rendered plain = PovrayReference.render(bounce(), tmp, "local-plain-8", "+SF8", "+EF8");
        assertFalse(ImageFiles.sameApartFromTimestamps(localCyclic.file("bounce8.png"), plain.file("bounce8.png")));
        PovrayReference.Rendered nine = PovrayReference.render(bounce(), tmp, "local-9", "+KFF9", "+SF9", "+EF9");
        assertFalse(ImageFiles.sameApartFromTimestamps(local.file("bounce09.png"), nine.file("bounce9.png")));
        System.out.printf("AnimationIT: frames 9-10 of bounce.ini +KFF12 (--frames 9-10) in %.1f s as "
                + "bounce-80-60-09.png and -10.png, and frames 7-8 of bounce.ini +KC in %.1f s, equal to the frames of "
                + "local runs of the whole animations apart from time stamps%n", run.seconds(), cyclic.seconds());
    }

    /** The contact sheet shows the animation as one row (ContactSheet's "frames" box) of its frames in order. */
    private static void assertOneRowOfFrames(Path sheet, int frames) throws Exception {
        String html = Files.readString(sheet);
        int row = html.indexOf("<div class=\"frames\">");
        assertTrue(row >= 0 && html.indexOf("<div class=\"frames\">", row + 1) < 0, "one row of frames: " + html);
        String inRow = html.substring(row, html.indexOf("</div>", row));
        List<String> shown = Pattern.compile("<img[^>]*\\ssrc=\"([^\"]+)\"").matcher(inRow).results()
                .map(m -> m.group(1)).toList();
        assertEquals(frames, shown.size(), "a thumbnail per frame in the row: " + inRow);
        for (int n = 1; n <= frames; n++) {
            assertTrue(shown.get(n - 1).contains("bounce-80-60-" + n + "."), "frame " + n + " in its place: " + shown);
            assertTrue(Files.isRegularFile(sheet.resolveSibling(shown.get(n - 1))), shown.get(n - 1));
        }
    }

    private static List<String> pngs(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted().toList();
        }
    }
}
