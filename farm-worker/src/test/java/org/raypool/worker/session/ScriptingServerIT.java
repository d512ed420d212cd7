package org.raypool.worker.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.raypool.worker.testing.SspTestClient.WAIT;
import static org.raypool.worker.testing.SspTestClient.assertAborted;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.testing.Programs;
import org.raypool.transport.CommLost;
import org.raypool.wire.param.PolicyType;
import org.raypool.wire.param.PoolElement;
import org.raypool.wire.ssp.Environment;
import org.raypool.wire.ssp.KeepAlive;
import org.raypool.wire.ssp.KeepAliveAck;
import org.raypool.wire.ssp.NotReady;
import org.raypool.wire.ssp.Ready;
import org.raypool.wire.ssp.Status;
import org.raypool.wire.ssp.Upload;
import org.raypool.worker.Worker;
import org.raypool.worker.job.TarBuilder;
import org.raypool.worker.job.WorkPackageLimits;
import org.raypool.worker.testing.SspTestClient;
import org.raypool.worker.testing.TestFarm;

/**
 * Whole sessions against a real worker (registered at an in-process registrar over loopback TCP) with real jobs,
 * sandboxed with bubblewrap where it works, driven by raw SSP messages.
 */
class ScriptingServerIT {
    private static final String SCENE = """
            camera { location <0, 1, -4> look_at <0, 0.5, 0> }
            light_source { <2, 4, -3> color rgb <1, 1, 1> }
            plane { y, 0 pigment { checker color rgb <1, 1, 1> color rgb <0.2, 0.2, 0.6> } }
            sphere { <0, 1, 0>, 1 pigment { color rgb <0.9, 0.2, 0.1> } finish { phong 0.8 } }
            """;
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path temp;
    TestFarm farm;

    @BeforeEach
    void startFarm() throws IOException {
        farm = TestFarm.start(temp);
    }

    @AfterEach
    void stopFarm() throws Exception {
        farm.close();
    }

    private static byte[] job(String ssrun) throws IOException {
        return TarBuilder.create().script("ssrun", ssrun).tarGz();
    }

    private static Map<String, byte[]> untar(byte[] tarGz) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new ByteArrayInputStream(tarGz)))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                files.put(e.getName(), tar.readAllBytes());
            }
        }
        return files;
    }

    private static List<Path> sessionDirectories(Worker worker) throws IOException {
        try (Stream<Path> s = Files.list(worker.config().session().workDir())) {
            return s.filter(p -> p.getFileName().toString().startsWith("rspSS-Session-")).toList();
        }
    }

    private static void awaitCleanedUp(Worker worker) throws InterruptedException {
        TestFarm.await("the session directories are removed", WAIT, () -> {
            try {
                return sessionDirectories(worker).isEmpty() && worker.server().activeSessions() == 0;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Ready, upload, Status(0), the final Status and the results: one plain job. */
    private static Result run(SspTestClient client, byte[] workPackage) throws Exception {
        client.expect(Ready.class);
        client.upload(workPackage);
        assertEquals(0, client.expectStatus(), "the upload is accepted");
        int status = client.expectStatus();
        return new Result(status, client.download());
    }

    private record Result(int status, byte[] output) {
    }

    @Test
    void rendersAPovRaySceneIntoAPngWithStatusZero() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/povray")), "POV-Ray is not installed (apt-get install povray)");
        Worker worker = farm.worker("w", 0x1001, 2, s -> s);
        byte[] pkg = TarBuilder.create()
                .file("input.pov", SCENE)
                .file("job.conf", "scene=input.pov\nwidth=64\nheight=48\ndefault=-A\n")
                .script("ssrun", Files.readString(Programs.repo().resolve("examples-povray/ssrun/ssrun")))
                .tarGz();
        try (SspTestClient client = SspTestClient.connect(worker.port())) {
            Ready ready = client.expect(Ready.class);
            assertEquals(TestFarm.HOST, ready.info());
            client.send(new KeepAlive()); // [PROJECT] leniency: ignored while uploading
            client.upload(pkg);
            assertEquals(0, client.expectStatus());
            assertEquals(0, client.expectStatus(), "POV-Ray succeeded");
            Map<String, byte[]> files = untar(client.download());
            byte[] png = files.get("output.png");
            assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, 8));
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertEquals(64, image.getWidth());
            assertEquals(48, image.getHeight());
            assertNotEquals(image.getRGB(0, 0), image.getRGB(32, 20), "the sphere is drawn over the background");
            assertTrue(new String(files.get("output.txt"), StandardCharsets.UTF_8).contains("exit code 0"));
            assertEquals(CommLost.Cause.PEER_SHUTDOWN, client.awaitLost(WAIT).cause(), "graceful close at the end");
        }
        awaitCleanedUp(worker);
    }

    @Test
    void ssrunExitCodeIsTheFinalStatusAndKeepAlivesFlowBothWays() throws Exception {
        Worker worker = farm.worker("w", 0x1002, 1, s -> s);
        try (SspTestClient client = SspTestClient.connect(worker.port())) {
            client.expect(Ready.class);
            client.upload(job("#!/bin/sh\nsleep 1\necho partial > \"$1\"\nexit 3\n"));
            assertEquals(0, client.expectStatus());
            client.send(new KeepAlive());
            KeepAliveAck ack = client.expect(KeepAliveAck.class);
            assertEquals(OptionalInt.of(0), ack.status(), "the PE's Keep-Alive Ack carries status 0");
            assertEquals(3, client.expectStatus());
            assertEquals("partial\n", new String(client.download(), StandardCharsets.UTF_8));
            assertTrue(client.keepAlivesSeen() >= 1, "the worker sent Keep-Alives while the job ran");
        }
        awaitCleanedUp(worker);
    }

    @Test
    void fullWorkerAnswersNotReadyAndClosesThenServesAgain() throws Exception {
        Worker worker = farm.worker("w", 0x1003, 1, s -> s);
        try (SspTestClient first = SspTestClient.connect(worker.port())) {
            first.expect(Ready.class);
            try (SspTestClient second = SspTestClient.connect(worker.port())) {
                NotReady notReady = assertInstanceOf(NotReady.class, second.next(WAIT));
                assertEquals(NotReady.REASON_FULLY_LOADED, notReady.reason());
                assertEquals(TestFarm.HOST, notReady.info());
                assertEquals(CommLost.Cause.PEER_SHUTDOWN, second.awaitLost(WAIT).cause());
            }
        }
        awaitCleanedUp(worker);
        try (SspTestClient third = SspTestClient.connect(worker.port())) {
            assertEquals(0, run(third, job("#!/bin/sh\necho ok > \"$1\"\n")).status());
        }
    }

    @Test
    void aSlotIsFreeOnceTheOutputIsSentBeforeThePoolUserCloses() throws Exception {
        Worker worker = farm.worker("w", 0x100a, 1, s -> s);
        try (SspTestClient first = SspTestClient.connect(worker.port())) {
            Result done = run(first, job("#!/bin/sh\necho one > \"$1\"\n"));
            assertEquals(0, done.status());
            // the first session is still open: its slot was freed with the last Download, so no Not Ready
            try (SspTestClient second = SspTestClient.connect(worker.port())) {
                assertEquals(0, run(second, job("#!/bin/sh\necho two > \"$1\"\n")).status());
            }
        }
        awaitCleanedUp(worker);
    }

    @Test
    void unansweredKeepAliveAbortsKillsTheJobAndCleansUp() throws Exception {
        Worker worker = farm.worker("w", 0x1004, 1, TestFarm.timers(new SessionTimers(Duration.ofSeconds(5),
                Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofMillis(100))));
        String marker = "61." + (100000 + new Random().nextInt(800000));
        try (SspTestClient client = SspTestClient.connect(worker.port())) {
            client.answerKeepAlives(false);
            client.expect(Ready.class);
            client.upload(job("#!/bin/sh\nsleep " + marker + "\necho late > \"$1\"\n"));
            assertEquals(0, client.expectStatus());
            TestFarm.await("the job runs", WAIT, () -> !processesWith("sleep " + marker).isEmpty());
            assertInstanceOf(KeepAlive.class, client.next(WAIT));
            long sent = System.nanoTime();
            assertAborted(client.awaitLost(WAIT));
            long afterMillis = (System.nanoTime() - sent) / 1_000_000;
            assertTrue(afterMillis >= 800 && afterMillis < 10_000, "aborted " + afterMillis + " ms after the "
                    + "Keep-Alive (timeout 1000 ms, tick 100 ms)");
        }
        awaitCleanedUp(worker);
        TestFarm.await("the job is killed", WAIT, () -> processesWith("sleep " + marker).isEmpty());
    }

    @Test
    void silentPoolUserIsAbortedAfterTheTransmitTimeout() throws Exception {
        Worker worker = farm.worker("w", 0x1005, 2, TestFarm.timers(new SessionTimers(Duration.ofMillis(1500),
                Duration.ofMillis(300), Duration.ofSeconds(3), Duration.ofMillis(100))));
        long silentSince = System.nanoTime();
        try (SspTestClient silent = SspTestClient.connect(worker.port());
                SspTestClient stalled = SspTestClient.connect(worker.port())) {
            stalled.send(new Upload(new byte[1000])); // restarts its timer; then nothing more
            long stalledSince = System.nanoTime();
            assertAborted(silent.awaitLost(WAIT));
            long silentMillis = (System.nanoTime() - silentSince) / 1_000_000;
            assertAborted(stalled.awaitLost(WAIT));
            long stalledMillis = (System.nanoTime() - stalledSince) / 1_000_000;
            assertTrue(silentMillis >= 1500 && stalledMillis >= 1500 && stalledMillis < 10_000,
                    "aborted after " + silentMillis + " and " + stalledMillis + " ms (transmit timeout 1500 ms)");
        }
        awaitCleanedUp(worker);
    }

    @Test
    void unexpectedMessageAborts() throws Exception {
        Worker worker = farm.worker("w", 0x1006, 1, s -> s);
        try (SspTestClient client = SspTestClient.connect(worker.port())) {
            client.expect(Ready.class);
            client.send(new Status(0));
            assertAborted(client.awaitLost(WAIT));
        }
        awaitCleanedUp(worker);
    }

    @Test
    void cachedEnvironmentIsNotUploadedAgain() throws Exception {
        Worker worker = farm.worker("w", 0x1007, 1, s -> s);
        byte[] environment = new byte[40_000];
        new Random(7).nextBytes(environment);
        byte[] hash = MessageDigest.getInstance("SHA-1").digest(environment);
        byte[] pkg = job("#!/bin/sh\ncat \"$2\" > \"$1\"\n");
        try (SspTestClient first = SspTestClient.connect(worker.port())) {
            first.expect(Ready.class);
            first.send(Environment.query(hash));
            Environment reply = first.expect(Environment.class);
            assertTrue(reply.uploadNeeded(), "U=1: not cached yet");
            assertArrayEquals(hash, reply.hash());
            first.upload(pkg);
            first.upload(environment);
            assertEquals(0, first.expectStatus());
            assertEquals(0, first.expectStatus());
            assertArrayEquals(environment, first.download(), "ssrun got environment.data as $2");
            assertEquals(List.of(16384, 16384, 40_000 - 2 * 16384, 0), first.downloadChunks(),
                    "Downloads of 16384 bytes and an empty one");
        }
        awaitCleanedUp(worker);
        try (SspTestClient second = SspTestClient.connect(worker.port())) {
            second.expect(Ready.class);
            second.send(Environment.query(hash));
            Environment reply = second.expect(Environment.class);
            assertFalse(reply.uploadNeeded(), "U=0: the environment is cached");
            second.upload(pkg);
            assertEquals(0, second.expectStatus());
            assertEquals(0, second.expectStatus());
            assertArrayEquals(environment, second.download(), "the cached copy went to environment.data");
        }
        assertTrue(Files.isRegularFile(worker.config().cache().directory().orElseThrow()
                .resolve(java.util.HexFormat.of().formatHex(hash) + ".data")));
    }

    @Test
    void hostilePackageIsRefusedWithAnExplanationAndTheWorkerKeepsServing() throws Exception {
        Worker worker = farm.worker("w", 0x1008, 1, s -> s);
        Path work = worker.config().session().workDir();
        byte[] hostile = TarBuilder.create()
                .script("ssrun", "#!/bin/sh\necho ran > \"$1\"\n")
                .file("../escape", "written outside the session directory")
                .tarGz();
        try (SspTestClient client = SspTestClient.connect(worker.port())) {
            Result r = run(client, hostile);
            assertEquals(SspServerSession.REFUSED_STATUS, r.status());
            String explanation = new String(untar(r.output()).get("output.txt"), StandardCharsets.UTF_8);
            assertTrue(explanation.contains("refused this work package"), explanation);
            assertTrue(explanation.contains("entry '../escape' points outside the session directory"), explanation);
            assertEquals(CommLost.Cause.PEER_SHUTDOWN, client.awaitLost(WAIT).cause());
        }
        awaitCleanedUp(worker);
        assertFalse(Files.exists(work.resolve("escape")), "nothing was written beside the session directory");
        try (Stream<Path> all = Files.walk(temp)) {
            assertEquals(List.of(), all.filter(p -> p.getFileName().toString().equals("escape")).toList());
        }
        try (SspTestClient next = SspTestClient.connect(worker.port())) {
            Result r = run(next, job("#!/bin/sh\necho fine > \"$1\"\n"));
            assertEquals(0, r.status());
            assertEquals("fine\n", new String(r.output(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void oversizedUploadIsRefusedWithAnExplanation() throws Exception {
        Worker worker = farm.worker("w", 0x1009, 1,
                s -> new SessionConfig(s.maxSessions(), s.hostInfo(), s.workDir(), s.keepTemp(), s.timers(),
                        WorkPackageLimits.defaults().withMaxUploadBytes(64 * 1024)));
        byte[] noise = new byte[200_000];
        new Random(3).nextBytes(noise);
        byte[] big = TarBuilder.create().script("ssrun", "#!/bin/sh\necho ran > \"$1\"\n")
                .file("noise.bin", noise, 0644).tarGz();
        try (SspTestClient client = SspTestClient.connect(worker.port())) {
            Result r = run(client, big);
            assertEquals(SspServerSession.REFUSED_STATUS, r.status());
            String explanation = new String(untar(r.output()).get("output.txt"), StandardCharsets.UTF_8);
            assertTrue(explanation.contains("more than this worker's upload limit of 65536 bytes"), explanation);
        }
        awaitCleanedUp(worker);
    }

    @Test
    void loadReportedToTheRegistrarFollowsTheSessions() throws Exception {
        Worker worker = farm.worker("w", 0x100a, 2, s -> s);
        assertLoad(0);
        PoolElement idle = farm.resolve().get(0);
        assertEquals(PolicyType.LEAST_USED_DEGRADATION, idle.policy().type());
        assertEquals(0x80000000L, idle.policy().word(PolicyType.Word.LOAD_DEGRADATION), "degradation 1/2");
        try (SspTestClient one = SspTestClient.connect(worker.port())) {
            one.expect(Ready.class);
            assertLoad(0x7FFFFFFFL);
            try (SspTestClient two = SspTestClient.connect(worker.port())) {
                two.expect(Ready.class);
                assertLoad(0xFFFFFFFEL);
            }
            assertLoad(0x7FFFFFFFL);
        }
        assertLoad(0);
    }

    private void assertLoad(long expected) throws Exception {
        long[] seen = {-1};
        TestFarm.await("load 0x" + Long.toHexString(expected) + " at the registrar", Duration.ofSeconds(10), () -> {
            try {
                List<PoolElement> elements = farm.resolve();
                seen[0] = elements.isEmpty() ? -1 : elements.get(0).policy().word(PolicyType.Word.LOAD);
                return seen[0] == expected;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static List<ProcessHandle> processesWith(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
    }
}
