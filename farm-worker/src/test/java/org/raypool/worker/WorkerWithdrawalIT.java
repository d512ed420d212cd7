package org.raypool.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.raypool.worker.testing.SspTestClient.WAIT;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raypool.testing.Await;
import org.raypool.wire.ssp.NotReady;
import org.raypool.wire.ssp.Ready;
import org.raypool.worker.job.TarBuilder;
import org.raypool.worker.session.SessionConfig;
import org.raypool.worker.status.WorkerSnapshot;
import org.raypool.worker.status.WorkerStatus;
import org.raypool.worker.testing.SspTestClient;
import org.raypool.worker.testing.TestFarm;

/**
 * A worker whose work directory goes out of the job user's reach while it runs: the job that finds out ends with
 * Status 125 and the worker's report, the worker leaves the pool and refuses sessions, and comes back by itself once
 * the directory is reachable again.
 */
class WorkerWithdrawalIT {
    private static final Duration INTERVAL = Duration.ofMillis(500);

    @TempDir
    Path temp;
    TestFarm farm;
    Path gate;

    @BeforeEach
    void startFarm() throws IOException {
        assumeTrue(Files.getAttribute(temp, "unix:uid").equals(0), "jobs run as another user only when the worker "
                + "is root");
        farm = TestFarm.start(temp);
        gate = Files.createDirectory(temp.resolve("gate"));
        open(true);
    }

    @AfterEach
    void stopFarm() throws Exception {
        if (farm != null) farm.close();
    }

    private void open(boolean reachable) throws IOException {
        Files.setPosixFilePermissions(gate, PosixFilePermissions.fromString(reachable ? "rwx--x--x" : "rwx------"));
    }

    private Worker worker() throws Exception {
        WorkerConfig c = farm.config("w", 0x2001, 2, TestFarm.shortTimers());
        SessionConfig s = c.session();
        SessionConfig gated = new SessionConfig(s.maxSessions(), s.hostInfo(), gate.resolve("work"), s.keepTemp(),
                s.timers(), s.packageLimits());
        return farm.worker(new WorkerConfig(c.poolHandle(), c.asap(), c.policy(), c.transport(), c.listen(),
                c.identifier(), c.reregistrationInterval(), c.registrationTimeout(), gated, c.cache(), c.sandbox(),
                c.jobLimits(), c.schedule(), c.stopTimeout(), INTERVAL));
    }

    private static String outputTxt(byte[] tarGz) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new ByteArrayInputStream(tarGz)))) {
            TarArchiveEntry entry = tar.getNextEntry();
            assertEquals("output.txt", entry.getName());
            return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aWorkerThatCannotRunJobsLeavesThePoolAndComesBackWhenItCanAgain() throws Exception {
        Worker worker = worker();
        WorkerStatus status = new WorkerStatus(worker);
        assertEquals(1, farm.resolve().size(), "registered while jobs can run");
        assertTrue(status.snapshot().jobs().canRun());

        open(false);
        try (SspTestClient client = SspTestClient.connect(worker.port())) {
            client.expect(Ready.class);
            client.upload(TarBuilder.create().script("ssrun", "#!/bin/sh\necho ran > \"$1\"\n").tarGz());
            assertEquals(0, client.expectStatus(), "the upload is accepted");
            assertEquals(125, client.expectStatus(), "ssrun's own failure code: the worker's fault, not the job's");
            String report = outputTxt(client.download());
            assertTrue(report.startsWith("farm-worker: " + TestFarm.HOST + " could not run this job (session s1); "
                    + "the worker is at fault, not the job:\n"), report);
            assertTrue(report.contains("farm-worker: the job user 65534:65534 cannot reach the session directory "),
                    report);
            assertTrue(report.lines().allMatch(l -> l.startsWith("farm-worker: ")), report);
        }

        Await.until("the worker leaves the pool", () -> farm.resolve().isEmpty());
        WorkerSnapshot out = Await.until("the status shows the withdrawal", status::snapshot,
                s -> !s.jobs().canRun());
        assertTrue(out.jobs().problem().startsWith("the job user 65534:65534 cannot reach the work directory "
                + gate.resolve("work") + ": " + gate + " is not searchable by it (mode 0700, owner 0:0)"),
                out.jobs().problem());
        assertTrue(out.jobs().withdrawnSince() != null && out.jobs().nextCheck() != null, out.toString());
        assertFalse(out.serving());
        assertEquals("withdrawn, cannot run jobs, 0/2 sessions", out.cspText());
        try (SspTestClient late = SspTestClient.connect(worker.port())) {
            NotReady notReady = assertInstanceOf(NotReady.class, late.next(WAIT), "no session accepted to be aborted");
            assertEquals(NotReady.REASON_OUT_OF_RESOURCES, notReady.reason());
        }

        open(true);
        Await.until("the worker is back in the pool", () -> farm.resolve().size() == 1);
        assertTrue(status.snapshot().jobs().canRun());
        assertTrue(status.snapshot().serving());
        try (SspTestClient client = SspTestClient.connect(worker.port())) {
            client.expect(Ready.class);
            client.upload(TarBuilder.create().script("ssrun", "#!/bin/sh\necho ran > \"$1\"\n").tarGz());
            assertEquals(0, client.expectStatus());
            assertEquals(0, client.expectStatus(), "jobs run again");
            assertEquals("ran\n", new String(client.download(), StandardCharsets.UTF_8));
        }
    }
}
