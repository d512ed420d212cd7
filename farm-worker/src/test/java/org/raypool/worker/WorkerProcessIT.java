package org.raypool.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raypool.worker.testing.SspTestClient.WAIT;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.testing.Programs;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.ssp.Ready;
import org.raypool.worker.job.TarBuilder;
import org.raypool.worker.testing.SspTestClient;
import org.raypool.worker.testing.TestFarm;

/** The packaged worker as systemd runs it: bin/farm-worker, stopped with SIGTERM. */
class WorkerProcessIT {
    @TempDir
    Path temp;
    TestFarm farm;
    Process worker;
    Path log;

    @BeforeEach
    void startFarm() throws Exception {
        farm = TestFarm.start(temp);
    }

    @AfterEach
    void stop() throws Exception {
        if (worker != null && worker.isAlive()) {
            worker.destroyForcibly();
        }
        farm.close();
    }

    private String log() throws Exception {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Test
    void sigtermDeregistersFirstThenLetsTheRunningSessionFinishAndExitsZero() throws Exception {
        Path work = farm.workDir("process");
        // kept in target/ for reading after a failure
        log = Path.of("target", "worker-process-it.log").toAbsolutePath();
        worker = new ProcessBuilder(Programs.repo().resolve("bin/farm-worker").toString(),
                "--registrar", "127.0.0.1:" + farm.registrarAddress().getPort(), "--transport", "tcp",
                "--id", "0x5151", "--max-sessions", "2", "--work-dir", work.toString(),
                "--keep-alive-interval", "500", "--stop-timeout", "30s")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();

        TestFarm.await("the worker registers", Duration.ofSeconds(30), () -> {
            try {
                return !farm.resolve().isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        PoolElement pe = farm.resolve().get(0);
        assertEquals(0x5151, pe.identifier());
        assertEquals("127.0.0.1", pe.userTransport().addresses().get(0).getHostAddress(),
                "listening on all addresses, it registers the address the registrar sees");

        try (SspTestClient client = SspTestClient.connect(pe.userTransport().port())) {
            client.expect(Ready.class);
            client.upload(TarBuilder.create().script("ssrun", "#!/bin/sh\nsleep 2\necho finished > \"$1\"\n").tarGz());
            assertEquals(0, client.expectStatus());

            long signalled = System.nanoTime();
            worker.destroy(); // SIGTERM
            TestFarm.await("the pool element vanishes from the registrar", Duration.ofSeconds(5), () -> {
                try {
                    return farm.resolve().isEmpty();
                } catch (Exception e) {
                    return false;
                }
            });
            assertTrue(worker.isAlive(), "deregistered while the session still runs");
            TestFarm.await("the worker logs its deregistration", Duration.ofSeconds(5), () -> {
                try {
                    return log().contains("pool element 0x00005151 deregistered");
                } catch (Exception e) {
                    return false;
                }
            });

            assertEquals(0, client.expectStatus(), "the running session finishes");
            assertEquals("finished\n", new String(client.download(), StandardCharsets.UTF_8));
            assertTrue(worker.waitFor(20, TimeUnit.SECONDS), "the worker exits after its last session");
            assertEquals(0, worker.exitValue(), log());
            assertTrue(System.nanoTime() - signalled > Duration.ofSeconds(1).toNanos(), "it waited for the job");
        }
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of(), left.toList(), "session directories are cleaned up");
        }
        String out = log();
        assertTrue(out.indexOf("deregistered") < out.indexOf("output.data downloaded"), out);
    }

    @Test
    void badOptionIsOneLineAndExitCodeTwo() throws Exception {
        Programs.Result r = Programs.run("farm-worker", 60, "--serve-window", "weekdays 18-8");
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().startsWith("farm-worker: Invalid value for option '--serve-window': 'weekdays 18-8' "
                + "is not a serve window"), r.stderr());
        assertEquals(2, r.stderr().lines().count(), r.stderr());
    }

    @Test
    void unreachableRegistrarFailsTheStartWithOneLine() throws Exception {
        Programs.Result r = Programs.run("farm-worker", 60, "--registrar", "127.0.0.1:1", "--transport", "tcp",
                "--sandbox", "none", "--log-level", "error");
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().startsWith("farm-worker: cannot start: "), r.stderr());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
    }
}
