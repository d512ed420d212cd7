package org.raypool.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.raypool.cli.StopSignals;
import org.raypool.testing.Await;
import org.raypool.testing.Programs;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.ssp.NotReady;
import org.raypool.wire.ssp.Ready;
import org.raypool.wire.ssp.Upload;
import org.raypool.worker.job.TarBuilder;
import org.raypool.worker.testing.SspTestClient;
import org.raypool.worker.testing.TestFarm;

/** The packaged worker as systemd runs it: bin/farm-worker, stopped with SIGTERM. */
class WorkerProcessIT {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final String SSRUN = "#!/bin/sh\npovray +Iinput.pov +Ooutput.png +W64 +H48 -D > output.txt 2>&1\n"
            + "rc=$?\ntar czf \"$1\" output.png output.txt\nexit $rc\n";
    private static final String SCENE = "camera { location <0, 0, -3> look_at 0 }\nlight_source { <2, 4, -3> rgb 1 }\n"
            + "sphere { 0, 1 pigment { rgb <1, 0.3, 0.2> } }\nbackground { rgb <0.1, 0.1, 0.3> }\n";

    @TempDir
    Path temp;
    TestFarm farm;
    Programs.Running worker;

    @BeforeEach
    void startFarm() throws Exception {
        farm = TestFarm.start(temp);
    }

    @AfterEach
    void stop() throws Exception {
        if (worker != null) {
            worker.close();
        }
        farm.close();
    }

    /** The options of a worker of this farm, then {@code more}. */
    private String[] options(String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--registrar", "127.0.0.1:" + farm.registrarAddress().getPort(),
                "--transport", "tcp", "--id", "0x5151", "--work-dir", farm.workDir("process").toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void sigtermDeregistersFirstThenLetsTheRunningSessionFinishAndExitsZero() throws Exception {
        Path work = farm.workDir("process");
        worker = Programs.startReady("farm-worker", options("--max-sessions", "2", "--keep-alive-interval", "500",
                "--stop-timeout", "30s"));
        Programs.Ready ready = worker.ready();
        assertTrue(ready.json().contains("\"identifier\":\"0x00005151\"") && ready.json().contains("\"registered\":true"),
                ready.json());
        List<PoolElement> pool = farm.resolve();
        assertEquals(1, pool.size(), "ready means registered: " + pool);
        PoolElement pe = pool.get(0);
        assertEquals(0x5151, pe.identifier());
        assertEquals(ready.port("ssp"), pe.userTransport().port());
        assertEquals("127.0.0.1", pe.userTransport().addresses().get(0).getHostAddress(),
                "listening on all addresses, it registers the address the registrar sees");

        try (SspTestClient client = SspTestClient.connect(pe.userTransport().port())) {
            client.expect(Ready.class);
            client.upload(TarBuilder.create().script("ssrun", "#!/bin/sh\nsleep 2\necho finished > \"$1\"\n").tarGz());
            assertEquals(0, client.expectStatus());

            worker.process().destroy(); // SIGTERM
            TestFarm.await("the pool element vanishes from the registrar", Duration.ofSeconds(30), () -> {
                try {
                    return farm.resolve().isEmpty();
                } catch (Exception e) {
                    return false;
                }
            });
            assertTrue(worker.process().isAlive(), "deregistered while the session still runs");
            worker.awaitLog("pool element 0x00005151 deregistered", 30);
            assertTrue(!worker.isReady(), "the ready file goes with the stop");

            assertEquals(0, client.expectStatus(), "the running session finishes");
            assertEquals("finished\n", new String(client.download(), StandardCharsets.UTF_8));
            assertTrue(worker.process().waitFor(30, TimeUnit.SECONDS), "the worker exits after its last session");
            assertEquals(0, worker.process().exitValue(), worker.log());
        }
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of(), left.toList(), "session directories are cleaned up");
        }
        String out = worker.log();
        assertTrue(out.indexOf("deregistered") < out.indexOf("output.data downloaded"), out);
        assertTrue(out.indexOf("output.data downloaded") < out.indexOf("Worker - stopped"), "it waited for the job: " + out);
    }

    /**
     * A SIGTERM in each phase of the start-up (held there by the test hook, so that the signal lands in exactly that
     * phase): an orderly stop, exit 0, no ready file, and no pool element left behind.
     */
    @ParameterizedTest
    @ValueSource(strings = {"main", "options", "started", "status"})
    void aSigtermDuringStartUpIsAnOrderlyStop(String phase) throws Exception {
        Path readyFile = temp.resolve("ready.json");
        worker = Programs.start(Map.of("JAVA_OPTS", "-D" + StopSignals.PAUSE_PROPERTY + "=" + phase), "farm-worker",
                options("--sandbox", "none", "--http", "127.0.0.1:0", "--ready-file", readyFile.toString()));
        worker.awaitLog("start-up paused in phase '" + phase + "'", 60);
        assertEquals(0, worker.terminate(30), worker.log());
        String log = worker.log();
        assertTrue(log.contains("stop requested during start-up"), log);
        assertTrue(!log.contains("\tat "), "no stack trace: " + log);
        assertTrue(!Files.exists(readyFile), "never ready");
        Await.until("no pool element left behind", () -> farm.resolve().isEmpty());
    }

    /**
     * A SIGTERM while the worker waits for its registrar's answer ends the start-up at once: a registrar that
     * accepts the association and never answers holds the worker in its registration, which would otherwise give up
     * only after ASAP's retries (3 trials of 3 s).
     */
    @Test
    void aSigtermWhileRegisteringEndsTheStartUpAtOnce() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            silent.setSoTimeout((int) Programs.READY_TIMEOUT.toMillis());
            worker = Programs.start("farm-worker", "--registrar", "127.0.0.1:" + silent.getLocalPort(), "--transport",
                    "tcp", "--sandbox", "none", "--work-dir", farm.workDir("silent").toString());
            try (Socket association = silent.accept()) {
                Await.until("the worker's first ASAP message", () -> association.getInputStream().available() > 0);
                assertEquals(0, worker.terminate(6), worker.log());
            }
        }
        String log = worker.log();
        assertTrue(log.contains("stop requested during start-up") && !log.contains("cannot start"), log);
    }

    @Test
    void badOptionIsOneLineAndExitCodeTwo() throws Exception {
        Programs.Result r = Programs.run("farm-worker", 60, "--serve-window", "weekdays 18-8");
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().startsWith("farm-worker: Invalid value for option '--serve-window': 'weekdays 18-8' "
                + "is not a serve window"), r.stderr());
        assertEquals(2, r.stderr().lines().count(), r.stderr());
    }

    /**
     * The case seen in the field: a work directory under a mode-700 folder. The worker runs as root (as the tests
     * do), so jobs run as nobody, who cannot get there: it refuses to start, before registering.
     */
    @Test
    void aWorkDirectoryTheJobUserCannotReachIsRefusedAtStartWithOneLine() throws Exception {
        assumeTrue(Files.getAttribute(temp, "unix:uid").equals(0), "jobs run as another user only when the worker "
                + "is root");
        Path locked = Files.createDirectory(temp.resolve("locked"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path work = locked.resolve("work");
        Programs.Result r = Programs.run("farm-worker", 60, "--registrar", "127.0.0.1:"
                + farm.registrarAddress().getPort(), "--transport", "tcp", "--work-dir", work.toString());
        assertEquals(1, r.exitCode(), r.stderr());
        List<String> lines = r.stderr().lines().toList();
        assertEquals("farm-worker: cannot run jobs: the job user 65534:65534 cannot reach the work directory " + work
                + ": " + locked + " is not searchable by it (mode 0700, owner 0:0) (chmod o+x " + locked
                + ", or choose a --work-dir that the job user 65534:65534 can reach)", lines.get(lines.size() - 1),
                "the last line, after the log");
        assertEquals(1, lines.stream().filter(l -> l.startsWith("farm-worker:")).count(), r.stderr());
        assertTrue(!r.stderr().contains("\tat ") && !r.stderr().contains("registered")
                && !r.stderr().contains("listening"), "no stack trace, nothing opened: " + r.stderr());
        assertEquals(List.of(), farm.resolve(), "it never registered");
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of(), left.toList(), "the check's session directory is gone");
        }
    }

    @Test
    void aMissingPovRayIsRefusedAtStartWithOneLine() throws Exception {
        Path missing = temp.resolve("no-such/povray");
        worker = Programs.start(Map.of("RAYPOOL_POVRAY", missing.toString()), "farm-worker", options("--log-level",
                "error"));
        assertTrue(worker.process().waitFor(60, TimeUnit.SECONDS), "it exits");
        assertEquals(1, worker.process().exitValue(), worker.log());
        assertEquals("farm-worker: cannot run jobs: POV-Ray is missing: " + missing + " does not exist (set "
                + "RAYPOOL_POVRAY to the POV-Ray program's absolute path, or unset it to use povray from PATH)\n",
                worker.log());
        assertEquals(List.of(), farm.resolve(), "it never registered");
    }

    @Test
    void unreachableRegistrarFailsTheStartWithOneLine() throws Exception {
        Programs.Result r = Programs.run("farm-worker", 60, "--registrar", "127.0.0.1:1", "--transport", "tcp",
                "--sandbox", "none", "--log-level", "error");
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().startsWith("farm-worker: cannot start: "), r.stderr());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
    }

    // Confinement against a pool user that holds slots (docs/sandbox.md).

    /** Starts the packaged worker of this farm with {@code more} options; its SSP port. */
    private int startWorker(String... more) throws Exception {
        worker = Programs.startReady("farm-worker", options(more));
        return worker.ready().port("ssp");
    }

    @Test
    void aTricklingUploadIsCutOffAtTheDeadlineAndFreesTheSlot() throws Exception {
        int port = startWorker("--max-sessions", "1", "--transmit-timeout", "2000", "--upload-deadline", "4s");
        long start = System.nanoTime();
        try (SspTestClient slow = SspTestClient.connect(port)) {
            slow.expect(Ready.class);
            while (!slow.isLost() && System.nanoTime() - start < Duration.ofSeconds(20).toNanos()) {
                try {
                    slow.send(new Upload(new byte[1])); // one byte a second: well inside the transmit timeout
                } catch (java.io.IOException e) {
                    break; // the worker's abort came first
                }
                Thread.sleep(1000);
            }
            SspTestClient.assertAborted(slow.awaitLost(Duration.ofSeconds(5)));
        }
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertTrue(seconds >= 3 && seconds < 10, "ended at the deadline, after " + seconds + " s");
        worker.awaitLog("upload deadline: the upload was not complete 4000 ms after Ready", 10);
        try (SspTestClient next = SspTestClient.connect(port)) {
            next.expect(Ready.class);
            next.upload(TarBuilder.create().script("ssrun", "#!/bin/sh\necho done > \"$1\"\n").tarGz());
            assertEquals(0, next.expectStatus(), "upload accepted");
            assertEquals(0, next.expectStatus());
            assertEquals("done\n", new String(next.download(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void oneAddressHoldsNoMoreThanItsShare() throws Exception {
        int port = startWorker("--max-sessions", "3", "--max-sessions-per-address", "2");
        try (SspTestClient a = SspTestClient.connect(port); SspTestClient b = SspTestClient.connect(port)) {
            a.expect(Ready.class);
            b.expect(Ready.class);
            try (SspTestClient c = SspTestClient.connect(port)) {
                NotReady refused = c.expect(NotReady.class);
                assertEquals(NotReady.REASON_FULLY_LOADED, refused.reason());
            }
            worker.awaitLog("127.0.0.1 already holds 2 sessions (--max-sessions-per-address)", 10);
            a.upload(TarBuilder.create().script("ssrun", "#!/bin/sh\necho a > \"$1\"\n").tarGz());
            assertEquals(0, a.expectStatus(), "upload accepted");
            assertEquals(0, a.expectStatus());
            a.download();
        }
        // the address's count drops as its sessions are cleaned up, which follows the closes
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (SspTestClient again = SspTestClient.connect(port)) {
                if (again.next(SspTestClient.WAIT) instanceof Ready) break;
            }
            assertTrue(System.nanoTime() < until, "the address gets sessions again: " + worker.log());
            Thread.sleep(200);
        }
    }

    @ParameterizedTest(name = "--sandbox {0}")
    @ValueSource(strings = {"bwrap", "unshare"})
    void aRealRenderRunsInEachTier(String tier) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/povray")), "povray is not installed");
        int port = startWorker("--sandbox", tier, "--max-sessions", "1");
        worker.awaitLog("sandbox: " + tier + " (--sandbox " + tier + ")", 10);
        try (SspTestClient client = SspTestClient.connect(port)) {
            client.expect(Ready.class);
            client.upload(TarBuilder.create().file("input.pov", SCENE).script("ssrun", SSRUN).tarGz());
            assertEquals(0, client.expectStatus(), "upload accepted");
            assertEquals(0, client.expectStatus(), worker.log());
            byte[] archive = client.download();
            try (TarArchiveInputStream tar = new TarArchiveInputStream(
                    new GzipCompressorInputStream(new ByteArrayInputStream(archive)))) {
                boolean png = false;
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    if (e.getName().equals("output.png")) {
                        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(tar.readAllBytes(), 8));
                        png = true;
                    }
                }
                assertTrue(png, "output.png in the results");
            }
        }
    }

    @Test
    void aJobWritingPastTheDiskBoundIsStoppedWithAReport() throws Exception {
        int port = startWorker("--max-sessions", "1", "--max-session-disk", "8");
        try (SspTestClient client = SspTestClient.connect(port)) {
            client.expect(Ready.class);
            client.upload(TarBuilder.create().script("ssrun", "#!/bin/sh\nfor i in $(seq 300); do "
                    + "head -c 1048576 /dev/zero > fill$i; sleep 0.02; done\necho done > \"$1\"\n").tarGz());
            assertEquals(0, client.expectStatus(), "upload accepted");
            assertTrue(client.expectStatus() != 0, "a non-zero Status for a stopped job");
            String report = "";
            try (TarArchiveInputStream tar = new TarArchiveInputStream(
                    new GzipCompressorInputStream(new ByteArrayInputStream(client.download())))) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    report += new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            assertTrue(report.contains("grew past this worker's disk limit of 8 MiB (--max-session-disk)"), report);
        }
        worker.awaitLog("more than the disk limit of 8388608 bytes (--max-session-disk)", 10);
    }

    /**
     * Fails closed: the worker runs where no user namespace can be created (a user namespace of its own whose parent
     * allows only that one, so bwrap and unshare both fail their self-test) and refuses to start, in one line.
     */
    @Test
    void autoRefusesToStartWhereNoTierCanRun() throws Exception {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
        }
        command.addAll(List.of("unshare", "--user", "--map-root-user", "--", "sh", "-c",
                "echo 1 > /proc/sys/user/max_user_namespaces && exec unshare --user --map-user=65534 "
                        + "--map-group=65534 -- env HOME=/tmp \"$@\"", "sh"));
        command.addAll(Programs.command("farm-worker", "--registrar", "127.0.0.1:" + farm.registrarAddress().getPort(),
                "--transport", "tcp", "--work-dir", temp.resolve("refused").toString()));
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "exits");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, process.exitValue(), out);
        List<String> lines = out.lines().filter(l -> l.startsWith("farm-worker:")).toList();
        assertEquals(1, lines.size(), out);
        assertTrue(lines.get(0).startsWith("farm-worker: cannot start: --sandbox auto: no confinement can run here"),
                out);
        assertTrue(lines.get(0).contains("user.max_user_namespaces") && lines.get(0).endsWith(
                "or pass --sandbox none to run jobs unconfined"), out);
        assertTrue(!out.contains("\tat "), "no stack trace: " + out);
    }
}
