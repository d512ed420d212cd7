package org.raypool.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.asap.AsapClientConfig;
import org.raypool.submit.testing.Farm;
import org.raypool.submit.testing.Images;
import org.raypool.submit.testing.Jobs;
import org.raypool.submit.testing.Processes;
import org.raypool.submit.testing.ScriptedWorker;
import org.raypool.submit.testing.ScriptedWorker.Behaviour;
import org.raypool.testing.Await;

/**
 * bin/farm-submit as a process, as a user runs it, with bin/farm-registrar as a process and scripted workers (real
 * ssrun and POV-Ray) registered with it: no registrar reachable, and Ctrl-C in the middle of a batch, then a re-run
 * that resumes.
 */
class SubmitProcessIT {
    @TempDir
    Path tmp;

    private Processes processes;
    private final List<ScriptedWorker> workers = new ArrayList<>();

    @BeforeEach
    void start() {
        processes = new Processes(tmp);
    }

    @AfterEach
    void stop() {
        workers.forEach(ScriptedWorker::close);
        processes.close();
    }

    @Test
    void noRegistrarReachableIsAClearErrorNamingTheAddressesTried() throws Exception {
        int a = Processes.freePort();
        int b = Processes.freePort();
        Processes.Started submit = processes.start("farm-submit", "--size", "64x48", "--transport", "tcp",
                "--output", tmp.resolve("output").toString(), "--registrar", "127.0.0.1:" + a, "--registrar",
                "127.0.0.1:" + b, Images.examples().resolve("quickstart.pov").toString());
        assertEquals(1, submit.await(Duration.ofSeconds(60)), submit.err());
        // after the open-mode warning line (docs/security.md)
        String err = submit.err().lines().filter(l -> !l.contains("running open: no --credentials"))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertTrue(err.startsWith("farm-submit: no registrar reachable (tried 127.0.0.1:" + a + ", 127.0.0.1:" + b + ")"), err);
        assertTrue(err.contains("Connection refused"), err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void ctrlCStopsCleanlyAndARerunResumes() throws Exception {
        int port = processes.registrar(0).ready().port("asap");
        AsapClientConfig asap = AsapClientConfig.withRegistrars(List.of(List.of(new InetSocketAddress("127.0.0.1", port))));
        ScriptedWorker.JobRunner slow = (input, dir) -> {
            Thread.sleep(1500);
            return Jobs.ssrun().run(input, dir);
        };
        ScriptedWorker worker = new ScriptedWorker("node-a", n -> ScriptedWorker.Script.of(Behaviour.NORMAL), slow,
                Duration.ofMillis(200));
        workers.add(worker);
        worker.register(asap, Farm.POOL, 0xd001);

        List<String> names = List.of("quickstart", "tiled-crates", "skyline");
        Path output = tmp.resolve("output");
        List<String> args = new ArrayList<>(List.of("--size", "64x48", "--transport", "tcp", "--registrar",
                "127.0.0.1:" + port, "--output", output.toString(), "--parallel", "1", "--retry-delay", "200"));
        names.forEach(n -> args.add(Images.examples().resolve(n + ".pov").toString()));
        Processes.Started first = processes.start("farm-submit", args.toArray(String[]::new));
        // The worker's second session means the first image is in and the batch has moved on (one at a time).
        Await.until("the first image, and the second scene on the worker", Duration.ofSeconds(60), () -> {
            assertTrue(first.process().isAlive(), "farm-submit ended early: " + first.err() + first.out());
            return Files.exists(output.resolve("quickstart-64-48.png")) && worker.sessions().size() >= 2;
        });
        Processes.interrupt(first.process());
        int code = first.await(Duration.ofSeconds(30));
        assertEquals(130, code, "killed by SIGINT: " + first.err());
        String out = first.out();
        assertTrue(out.contains("stopped: run the same command again to render the rest"), out);
        assertTrue(out.contains("quickstart") && out.contains("rendered"), out);
        assertFalse(first.err().contains("\tat "), "no stack trace: " + first.err());
        try (Stream<Path> files = Files.list(output)) {
            List<String> left = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
            assertEquals(List.of(), left, "temporary files removed");
        }
        assertFalse(Files.exists(output.resolve("skyline-64-48.png")), "the batch really was stopped early");
        int sessionsBefore = worker.sessions().size();
        java.nio.file.attribute.FileTime firstImageTime = Files.getLastModifiedTime(output.resolve("quickstart-64-48.png"));

        Processes.Started again = processes.start("farm-submit", args.toArray(String[]::new));
        assertEquals(0, again.await(Duration.ofSeconds(120)), again.err() + again.out());
        assertTrue(again.out().contains("already there"), again.out());
        for (String n : names) {
            Images.assertSamePixels(Images.renderLocally(Images.examples().resolve(n + ".pov"), 64, 48, "+A0.3", tmp),
                    output.resolve(n + "-64-48.png"));
        }
        assertEquals(firstImageTime, Files.getLastModifiedTime(output.resolve("quickstart-64-48.png")),
                "the image that was there is not rendered again");
        assertTrue(again.out().contains("1 already there") || again.out().contains("2 already there"), again.out());
        assertTrue(worker.sessions().size() - sessionsBefore >= 1, "the rest was rendered on the worker");
        assertFalse(again.err().contains("\tat "), "no stack trace: " + again.err());
    }
}
