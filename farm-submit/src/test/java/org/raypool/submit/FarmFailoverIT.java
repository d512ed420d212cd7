package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.asap.HandleResolver;
import org.raypool.submit.testing.Farm;
import org.raypool.submit.testing.Images;
import org.raypool.submit.testing.Jobs;
import org.raypool.submit.testing.ScriptedWorker;
import org.raypool.submit.testing.ScriptedWorker.Behaviour;
import org.raypool.submit.testing.ScriptedWorker.Script;
import org.raypool.testing.Await;
import org.raypool.transport.Transports;
import org.raypool.wire.param.PoolElement;

/**
 * farm-submit (run in this JVM) against a real registrar and scripted SSP workers that run the work packages with
 * the real ssrun and POV-Ray: pixels, failover, failure reports, broken scenes, late results.
 */
class FarmFailoverIT {
    private static final List<String> SCENES = List.of("quickstart.pov", "tiled-crates.pov", "skyline.pov", "terrain.pov");

    @TempDir
    Path tmp;

    private Farm farm;

    @AfterEach
    void stop() {
        if (farm != null) farm.close();
    }

    private String[] args(Path output, List<String> extra, List<Path> scenes) {
        List<String> a = new ArrayList<>(List.of("--registrar", farm.address(), "--transport", "tcp", "--size", "64x48",
                "--output", output.toString(), "--retry-delay", "200", "--keep-alive-interval", "300",
                "--keep-alive-timeout", "300"));
        a.addAll(extra);
        scenes.forEach(s -> a.add(s.toString()));
        return a.toArray(String[]::new);
    }

    private static List<Path> examples(List<String> names) {
        return names.stream().map(n -> Images.examples().resolve(n)).toList();
    }

    private void assertPixelIdentical(Path output, List<String> names) throws Exception {
        for (String name : names) {
            BufferedImage local = Images.renderLocally(Images.examples().resolve(name), 64, 48, "+A0.3", tmp);
            Images.assertSamePixels(local, output.resolve(name.replace(".pov", "") + "-64-48.png"));
        }
    }

    private static void assertNoTemporaryFiles(Path output) throws Exception {
        try (Stream<Path> files = Files.list(output)) {
            List<String> temp = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
            assertEquals(List.of(), temp, "temporary files left in " + output);
        }
    }

    @Test
    void batchThroughOneRegistrarAndTwoWorkersIsPixelIdenticalToLocalRenders() throws Exception {
        farm = new Farm(3);
        ScriptedWorker a = farm.add(ScriptedWorker.always("node-a", Behaviour.NORMAL, Jobs.ssrun()), 0xa001);
        ScriptedWorker b = farm.add(ScriptedWorker.always("node-b", Behaviour.NORMAL, Jobs.ssrun()), 0xb001);
        Path output = tmp.resolve("output");
        Farm.Run run = Farm.submit(args(output, List.of("--json"), examples(SCENES)));
        assertEquals(0, run.exitCode(), run.stderr() + run.stdout());
        assertTrue(run.stdout().contains("\"rendered\": 4"), run.stdout());
        assertTrue(run.stdout().contains("\"failed\": 0"), run.stdout());
        assertPixelIdentical(output, SCENES);
        assertFalse(a.sessions().isEmpty(), "worker a took part");
        assertFalse(b.sessions().isEmpty(), "worker b took part");
        assertTrue(Files.readString(output.resolve("index.html")).contains("thumbnails/skyline-64-48.png"));
        assertNoTemporaryFiles(output);

        int sessions = a.sessions().size() + b.sessions().size();
        Farm.Run again = Farm.submit(args(output, List.of(), examples(SCENES)));
        assertEquals(0, again.exitCode(), again.stderr());
        assertTrue(again.stdout().contains("0 rendered, 4 already there"), again.stdout());
        assertEquals(sessions, a.sessions().size() + b.sessions().size(), "existing images are not rendered again");
    }

    @Test
    void workerLostMidRenderIsReportedAndEveryImageStillArrives() throws Exception {
        farm = new Farm(1);
        ScriptedWorker dying = farm.add(new ScriptedWorker("node-a", n -> Script.of(Behaviour.ABORT_MID_RENDER,
                Duration.ofMillis(150)), Jobs.ssrun(), Duration.ofMillis(100)), 0xa002);
        farm.add(ScriptedWorker.always("node-b", Behaviour.NORMAL, Jobs.ssrun()), 0xb002);
        Path output = tmp.resolve("output");
        List<String> scenes = SCENES.subList(0, 3);
        Farm.Run run = Farm.submit(args(output, List.of("--parallel", "2"), examples(scenes)));
        assertEquals(0, run.exitCode(), run.stderr() + run.stdout());
        assertPixelIdentical(output, scenes);
        assertTrue(dying.sessions().stream().anyMatch(s -> s.events.contains("abort")), "worker a died mid-render");
        try (HandleResolver resolver = new HandleResolver(farm.asap(), Transports.forName("tcp"), Duration.ZERO)) {
            List<Integer> left = resolver.resolve(Farm.POOL, 10, Duration.ofSeconds(5)).stream()
                    .map(PoolElement::identifier).toList();
            assertEquals(List.of(0xb002), left, "the lost worker was reported as unreachable (max bad reports 1)");
        }
        assertNoTemporaryFiles(output);
    }

    @Test
    void brokenSceneFailsOnceWithItsFileLineAndLogAndTheRestOfTheBatchIsUnaffected() throws Exception {
        farm = new Farm(3);
        ScriptedWorker a = farm.add(ScriptedWorker.always("node-a", Behaviour.NORMAL, Jobs.ssrun()), 0xa003);
        ScriptedWorker b = farm.add(ScriptedWorker.always("node-b", Behaviour.NORMAL, Jobs.ssrun()), 0xb003);
        Path scenes = tmp.resolve("scenes");
        Files.createDirectories(scenes);
        Files.writeString(scenes.resolve("broken.pov"),
                "#version 3.7;\nglobal_settings { assumed_gamma 1 }\nsphere { <0, 0, 0>, 1\n  pigment { rgb 1 }\nbox { 0, 1 }\n");
        Files.copy(Images.examples().resolve("quickstart.pov"), scenes.resolve("quickstart.pov"));
        Path output = tmp.resolve("output");
        Farm.Run run = Farm.submit(args(output, List.of("--max-retry", "1"), List.of(scenes)));
        assertEquals(1, run.exitCode(), run.stderr() + run.stdout());
        assertTrue(run.stdout().contains("broken-64-48 failed: " + scenes.resolve("broken.pov") + " line 5: Parse Error:"
                + " No matching } in 'sphere', box found instead"), "the user's file, line and POV-Ray's message: "
                + run.stdout());
        assertTrue(run.stdout().contains("  | ") && run.stdout().contains("Parse Error"), "the log's tail: " + run.stdout());
        assertTrue(run.stdout().contains("1 rendered, 1 failed"), run.stdout());
        String log = Files.readString(output.resolve("broken-64-48.log"));
        assertTrue(log.contains("not retried") && log.contains("Parse Error"), log);
        assertFalse(Files.exists(output.resolve("broken-64-48.png")));
        Images.assertSamePixels(Images.renderLocally(scenes.resolve("quickstart.pov"), 64, 48, "+A0.3", tmp),
                output.resolve("quickstart-64-48.png"));
        assertEquals(2, a.sessions().size() + b.sessions().size(), "one run of the broken scene (an error in the"
                + " user's file is not retried), one of the other");
        assertTrue(Files.readString(output.resolve("index.html")).contains("broken-64-48.log"));
    }

    @Test
    void aWorkerWithoutPovrayFailsOneJobAndGetsNoFurtherJobOfTheBatch() throws Exception {
        farm = new Farm(4);
        ScriptedWorker broken = farm.add(ScriptedWorker.always("node-a", Behaviour.NORMAL,
                Jobs.ssrun(Map.of("RAYPOOL_POVRAY", "povray-not-installed"))), 0xa004);
        ScriptedWorker good = farm.add(ScriptedWorker.always("node-b", Behaviour.NORMAL, Jobs.ssrun()), 0xb004);
        Path output = tmp.resolve("output");
        Farm.Run run = Farm.submit(args(output, List.of("--parallel", "2"), examples(SCENES)));
        assertEquals(0, run.exitCode(), run.stderr() + run.stdout());
        assertPixelIdentical(output, SCENES);
        assertEquals(1, broken.sessions().size(), "the broken worker got one job (the two workers start together), then"
                + " none: " + run.stdout());
        assertEquals(SCENES.size() + 1, good.sessions().size() + broken.sessions().size(),
                "one retry, on the good worker");
    }

    @Test
    void busySilentAndLateWorkersAreFailedOverAndALateResultNeverLands() throws Exception {
        farm = new Farm(100);
        byte[] wrong = Jobs.results(Images.solidPng(64, 48, 0xff00ff), "late");
        farm.add(ScriptedWorker.always("busy", Behaviour.NOT_READY, Jobs.ssrun()), 0xc001);
        ScriptedWorker late = farm.add(new ScriptedWorker("late", n -> new Script(Behaviour.LATE_RESULT,
                Duration.ofMillis(4000), wrong, null), Jobs.ssrun(), Duration.ofMillis(100)), 0xc002);
        farm.add(ScriptedWorker.always("good", Behaviour.NORMAL, Jobs.ssrun()), 0xc003);
        Path output = tmp.resolve("output");
        List<String> scenes = SCENES.subList(0, 2);
        Farm.Run run = Farm.submit(args(output, List.of("--parallel", "2"), examples(scenes)));
        assertEquals(0, run.exitCode(), run.stderr() + run.stdout());
        assertPixelIdentical(output, scenes);
        // Once every session of the late worker is over, nothing of it can land any more.
        Await.until("the late worker's sessions end", () -> late.sessions().stream().allMatch(s -> s.ended));
        assertPixelIdentical(output, scenes);
        assertFalse(late.sessions().isEmpty(), "the late worker was tried");
        late.sessions().forEach(s -> assertFalse(s.events.contains("done"), "the late worker never finished normally"));
    }
}
