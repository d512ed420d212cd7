package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.submit.testing.Images;
import org.raypool.submit.testing.Processes;
import org.raypool.testing.Await;
import org.raypool.testing.Programs;

/**
 * The whole farm as processes: bin/farm-registrar, two bin/farm-worker with one session each, and bin/farm-submit,
 * with the real POV-Ray. Skipped (with the reason) until farm-worker is built and has its command line.
 */
class FarmEndToEndIT {
    private static final List<String> REPEATABLE = List.of("quickstart", "tiled-crates", "skyline", "terrain");

    @TempDir
    Path tmp;

    private Processes processes;
    private int registrarPort;
    private final List<Processes.Started> workers = new ArrayList<>();

    private static String missingWorker;

    /** Why the real worker cannot be used here, or null when it can. */
    @BeforeAll
    static void lookForTheWorker() throws Exception {
        if (!Processes.jarExists("farm-worker")) {
            missingWorker = "farm-worker/target/farm-worker.jar is missing: these tests need the real worker "
                    + "(build it with mvn -B -q package -DskipTests)";
            return;
        }
        Programs.Result help = Programs.run("farm-worker", 60, "--help");
        if (help.exitCode() != 0 || !help.stdout().contains("--registrar")) {
            missingWorker = "bin/farm-worker --help shows no --registrar option yet: the worker's command line is not "
                    + "there, so there is no farm to test";
        }
    }

    @BeforeEach
    void startFarm() throws Exception {
        assumeTrue(missingWorker == null, missingWorker);
        processes = new Processes(tmp);
        registrarPort = processes.registrar(0).ready().port("asap");
        for (int i = 0; i < 2; i++) {
            workers.add(processes.service("farm-worker", "--registrar", "127.0.0.1:" + registrarPort, "--transport", "tcp",
                    "--max-sessions", "1"));
        }
        for (Processes.Started w : workers) w.awaitReady();
    }

    @AfterEach
    void stopFarm() {
        if (processes != null) processes.close();
    }

    private List<String> args(Path output, String size, List<Path> scenes, String... extra) {
        List<String> a = new ArrayList<>(List.of("--registrar", "127.0.0.1:" + registrarPort, "--transport", "tcp",
                "--size", size, "--output", output.toString(), "--retry-delay", "500", "--keep-alive-interval", "1000",
                "--keep-alive-timeout", "1000", "--json"));
        a.addAll(List.of(extra));
        scenes.forEach(s -> a.add(s.toString()));
        return a;
    }

    private static List<Path> examples(List<String> names) {
        return names.stream().map(n -> Images.examples().resolve(n + ".pov")).toList();
    }

    private static Set<String> workersIn(String json) {
        Set<String> ids = new HashSet<>();
        Matcher m = Pattern.compile("\"worker\": \"[^\"]*?(0x[0-9a-f]{8})").matcher(json);
        while (m.find()) ids.add(m.group(1));
        return ids;
    }

    @Test
    void batchThroughOneRegistrarAndTwoWorkersIsPixelIdenticalToLocalRenders() throws Exception {
        Path output = tmp.resolve("output");
        Processes.Started submit = processes.start("farm-submit",
                args(output, "160x120", examples(REPEATABLE)).toArray(String[]::new));
        assertEquals(0, submit.await(Duration.ofSeconds(300)), submit.err() + submit.out());
        String json = submit.out();
        assertTrue(json.contains("\"rendered\": 4"), json);
        assertEquals(2, workersIn(json).size(), "both workers rendered: " + json);
        for (String n : REPEATABLE) {
            Images.assertSamePixels(Images.renderLocally(Images.examples().resolve(n + ".pov"), 160, 120, "+A0.3", tmp),
                    output.resolve(n + "-160-120.png"));
        }
        assertTrue(Files.exists(output.resolve("index.html")));
    }

    @Test
    void workerKilledMidRenderStillEveryImageArrives() throws Exception {
        Path output = tmp.resolve("output");
        List<String> names = List.of("billiards", "skyline");
        Processes.Started submit = processes.start("farm-submit",
                args(output, "640x480", examples(names), "--parallel", "2").toArray(String[]::new));
        Optional<Processes.Started> victim = Await.until("a worker running POV-Ray", Duration.ofSeconds(60), () -> {
            assertTrue(submit.process().isAlive(), "farm-submit ended before a worker rendered: " + submit.err());
            return workers.stream().filter(w -> w.process().descendants()
                    .anyMatch(p -> p.info().command().orElse("").endsWith("povray"))).findFirst();
        }, Optional::isPresent);
        List<ProcessHandle> orphans = victim.get().process().descendants().toList();
        Processes.kill9(victim.get().process());
        orphans.forEach(ProcessHandle::destroyForcibly);
        assertEquals(0, submit.await(Duration.ofSeconds(300)), submit.err() + submit.out());
        assertTrue(submit.out().contains("\"rendered\": 2"), submit.out());
        for (String n : names) {
            Images.assertSamePixels(Images.renderLocally(Images.examples().resolve(n + ".pov"), 640, 480, "+A0.3", tmp),
                    output.resolve(n + "-640-480.png"));
        }
    }

    @Test
    void brokenSceneIsReportedAndTheRestOfTheBatchIsUnaffected() throws Exception {
        Path scenes = Files.createDirectories(tmp.resolve("scenes"));
        Files.writeString(scenes.resolve("broken.pov"),
                "#version 3.7;\nglobal_settings { assumed_gamma 1 }\nsphere { <0, 0, 0>, 1\n  pigment { rgb 1 }\nbox { 0, 1 }\n");
        Files.copy(Images.examples().resolve("quickstart.pov"), scenes.resolve("quickstart.pov"));
        Path output = tmp.resolve("output");
        Processes.Started submit = processes.start("farm-submit",
                args(output, "160x120", List.of(scenes)).toArray(String[]::new));
        assertEquals(1, submit.await(Duration.ofSeconds(300)), submit.err() + submit.out());
        String json = submit.out();
        assertTrue(json.contains("\"rendered\": 1") && json.contains("\"failed\": 1"), json);
        assertTrue(json.contains("Parse Error"), "the log's tail is in the summary: " + json);
        assertTrue(Files.readString(output.resolve("broken-160-120.log")).contains("Parse Error"));
        assertFalse(Files.exists(output.resolve("broken-160-120.png")));
        Images.assertSamePixels(Images.renderLocally(scenes.resolve("quickstart.pov"), 160, 120, "+A0.3", tmp),
                output.resolve("quickstart-160-120.png"));
    }
}
