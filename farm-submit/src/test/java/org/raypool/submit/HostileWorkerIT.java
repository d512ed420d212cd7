package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.asap.AsapClientConfig;
import org.raypool.submit.output.DownloadBound;
import org.raypool.submit.pack.ImageSize;
import org.raypool.submit.pack.RenderJob;
import org.raypool.submit.pack.RenderOptions;
import org.raypool.submit.testing.Farm;
import org.raypool.submit.testing.HostileArchives;
import org.raypool.submit.testing.Images;
import org.raypool.submit.testing.Jobs;
import org.raypool.submit.testing.ProcessFarm;
import org.raypool.submit.testing.Processes;
import org.raypool.submit.testing.ScriptedWorker;
import org.raypool.submit.testing.ScriptedWorker.Behaviour;
import org.raypool.submit.testing.ScriptedWorker.Script;
import org.raypool.submit.testing.SubmitJson;

/**
 * Hostile workers next to a real one (issue 15): test SSP servers registered in the real bin/farm-registrar beside one
 * bin/farm-worker with the real POV-Ray, and bin/farm-submit as a process. One floods Download chunks while answering
 * keep-alives, one returns a 250 KB result archive with a 256 MiB PAX header, one says Not Ready with escape sequences
 * in its info, one sends them in its Ready info and its render log. Each is refused or cleaned: the flood is cut at
 * the job's bound and its partial file deleted, the archive is refused before its header is buffered, and neither
 * farm-submit's output nor its log nor the output folder holds a control character; the batch completes on the real
 * worker with every image equal to a local POV-Ray render.
 */
class HostileWorkerIT {
    private static final String ESC = "\u001b";
    /** OSC 0 (window title), CSI 2J (clear screen), CSI H (cursor home): what a worker sent in the issue. */
    private static final String TITLE_AND_CLEAR = ESC + "]0;owned" + "\u0007" + ESC + "[2J" + ESC + "[H";
    private static final List<String> SCENES = List.of("quickstart", "tiled-crates", "skyline", "knot", "billiards");

    @TempDir
    Path tmp;

    private ProcessFarm farm;
    private final List<ScriptedWorker> hostile = new ArrayList<>();

    @AfterEach
    void stop() {
        hostile.forEach(ScriptedWorker::close);
        if (farm != null) farm.close();
    }

    private ScriptedWorker register(ScriptedWorker worker, int identifier) throws Exception {
        hostile.add(worker);
        AsapClientConfig asap = AsapClientConfig.withRegistrars(List.of(List.of(new InetSocketAddress("127.0.0.1",
                farm.port))));
        worker.register(asap, Farm.POOL, identifier);
        return worker;
    }

    @Test
    void floodsBombsAndEscapeSequencesAreRefusedAndTheBatchCompletesOnTheRealWorker() throws Exception {
        farm = ProcessFarm.start(tmp.resolve("logs"), 1);
        byte[] bomb = HostileArchives.paxHeaderBomb(256 << 20);
        String escapeLog = TITLE_AND_CLEAR + "evil log line\r\n" + ESC + "[31mred" + ESC + "[0m\u009b2J tail\n";
        ScriptedWorker flood = register(ScriptedWorker.always("flood", Behaviour.FLOOD, Jobs.canned(0, new byte[0], 0)),
                0xbad1);
        ScriptedWorker bomber = register(ScriptedWorker.always("bomber", Behaviour.NORMAL,
                (input, dir) -> new ScriptedWorker.JobResult(0, bomb)), 0xbad2);
        ScriptedWorker busy = register(new ScriptedWorker(TITLE_AND_CLEAR + "busy", n -> Script.of(Behaviour.NOT_READY),
                Jobs.canned(0, new byte[0], 0), Duration.ofMillis(200)), 0xbad3);
        ScriptedWorker liar = register(new ScriptedWorker(TITLE_AND_CLEAR + "liar", n -> Script.of(Behaviour.NORMAL),
                (input, dir) -> new ScriptedWorker.JobResult(1, Jobs.results(null, escapeLog)), Duration.ofMillis(200)),
                0xbad4);
        Processes.awaitWorkers(farm.port, 5, farm.workers);

        Path output = tmp.resolve("output");
        List<String> args = new ArrayList<>(List.of("--size", "64x48", "--max-retry", "4", "--log-level", "info"));
        SCENES.forEach(n -> args.add(Images.examples().resolve(n + ".pov").toString()));
        long start = System.nanoTime();
        Processes.Started submit = farm.start(output, args.toArray(String[]::new));
        int code = submit.await(Duration.ofSeconds(240));
        double seconds = (System.nanoTime() - start) / 1e9;
        String out = submit.out();
        String err = submit.err();
        assertEquals(0, code, "stdout:\n" + out + "\nstderr:\n" + err);

        // every image, each as a local POV-Ray renders it; nothing done was lost
        SubmitJson json = SubmitJson.parse(out);
        assertEquals(SCENES.size(), json.count("rendered"), out);
        for (String n : SCENES) {
            Images.assertSamePixels(Images.renderLocally(Images.examples().resolve(n + ".pov"), 64, 48, "+A0.3", tmp),
                    output.resolve(n + "-64-48.png"));
        }

        // (a) the flood: cut at the job's bound, counted against the worker, the partial file gone
        long bound = DownloadBound.forJob(RenderJob.wholeFrame(Path.of("quickstart.pov"), new ImageSize(64, 48),
                RenderOptions.defaults()));
        assertFalse(flood.sessions().isEmpty(), "the flooding worker got a job");
        Matcher sent = Pattern.compile("the worker sent (\\d+) bytes of results, more than the (\\d+) this job can produce")
                .matcher(err);
        assertTrue(sent.find(), err);
        assertEquals(bound, Long.parseLong(sent.group(2)), "the bound of a 64x48 PNG job");
        assertTrue(Long.parseLong(sent.group(1)) <= bound + 16384, "stopped at the first chunk past the bound: " + sent.group());
        Await.ended(flood);
        long flooded = flood.sessions().stream().mapToLong(s -> s.floodBytes).sum();
        assertTrue(flooded >= bound, "the worker did try to send more: " + flooded);
        assertTrue(err.contains("gets no further job of this batch: the worker sent"), err);

        // (b) the PAX header bomb: refused by the header guard, the worker avoided for the batch
        assertFalse(bomber.sessions().isEmpty(), "the bombing worker got a job");
        assertTrue(err.contains("gets no further job of this batch: unusable results: the results are refused: an archive"
                + " header is larger than 1048576 bytes"), err);
        assertFalse(err.contains("OutOfMemoryError"), err);

        // (c) escape sequences in Not Ready info, Ready info and the log: cleaned wherever they show
        assertFalse(liar.sessions().isEmpty(), "the lying worker got a job");
        assertTrue(err.contains("the worker reported: evil log line"), err);
        if (!busy.sessions().isEmpty()) assertTrue(err.contains("worker busy is not ready"), err);
        assertNoControl("stdout", out);
        assertNoControl("stderr", err);
        try (Stream<Path> files = Files.walk(output)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                assertFalse(name.startsWith("."), "temporary file left: " + f);
                if (name.endsWith(".html") || name.endsWith(".json") || name.endsWith(".txt") || name.endsWith(".log")) {
                    assertNoControl(f.toString(), Files.readString(f, StandardCharsets.UTF_8));
                }
            }
        }
        Map<String, Object> any = json.scene("quickstart-64-48");
        System.out.printf("HostileWorkerIT: %d scenes rendered in %.1f s beside 4 hostile workers; flood cut at %s of %d "
                + "bytes allowed (it had sent %d); sessions flood %d, bomb %d, busy %d, liar %d; quickstart: %s%n",
                SCENES.size(), seconds, sent.group(1), bound, flooded, flood.sessions().size(), bomber.sessions().size(),
                busy.sessions().size(), liar.sessions().size(), any);
    }

    /** No C0 control but newline, tab and CR, no DEL, no C1: nothing a terminal would act on. */
    private static void assertNoControl(String where, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\t' && c != '\r') || (c >= 0x7f && c <= 0x9f);
            assertFalse(control, where + " holds control character 0x" + Integer.toHexString(c) + " at " + i + ": ..."
                    + text.substring(Math.max(0, i - 60), Math.min(text.length(), i + 20)).replace(ESC, "<ESC>") + "...");
        }
    }

    private static final class Await {
        /** Waits until every session of {@code worker} has ended (the client went). */
        static void ended(ScriptedWorker worker) throws Exception {
            org.raypool.testing.Await.until("the flooding sessions ended", Duration.ofSeconds(30),
                    () -> worker.sessions().stream().allMatch(s -> s.ended));
        }
    }
}
