package org.raypool.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.raypool.testing.Programs;
import org.raypool.wire.ssp.NotReady;
import org.raypool.wire.ssp.Ready;
import org.raypool.wire.ssp.Upload;
import org.raypool.worker.job.TarBuilder;
import org.raypool.worker.testing.SspTestClient;
import org.raypool.worker.testing.TestFarm;

/**
 * The packaged worker against a pool user that holds its slots (docs/sandbox.md): a trickling upload is cut off at
 * the upload deadline, one address gets no more than its share of sessions, and a real POV-Ray render runs in each
 * confining tier.
 */
class WorkerConfinementIT {
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

    private int startWorker(String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--registrar", "127.0.0.1:" + farm.registrarAddress().getPort(),
                "--transport", "tcp", "--work-dir", farm.workDir("confined").toString()));
        args.addAll(List.of(more));
        worker = Programs.startReady("farm-worker", args.toArray(String[]::new));
        return worker.ready().port("ssp");
    }

    @Test
    void aTricklingUploadIsCutOffAtTheDeadlineAndFreesTheSlot() throws Exception {
        int port = startWorker("--max-sessions", "1", "--transmit-timeout", "2000", "--upload-deadline", "4s");
        long start = System.nanoTime();
        try (SspTestClient slow = SspTestClient.connect(port)) {
            slow.expect(Ready.class);
            while (!slow.isLost() && System.nanoTime() - start < Duration.ofSeconds(20).toNanos()) {
                slow.send(new Upload(new byte[1])); // one byte a second: well inside the transmit timeout
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
}
