package org.raypool.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raypool.worker.job.JobTestSupport.awaitNoProcesses;
import static org.raypool.worker.job.JobTestSupport.run;
import static org.raypool.worker.job.JobTestSupport.session;
import static org.raypool.worker.job.JobTestSupport.tailContains;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Session containment in each confining tier (docs/sandbox.md): bubblewrap, and the unshare tier that
 * {@code --sandbox auto} takes when bubblewrap is not installed (here: its command made unavailable).
 */
class ContainmentIT {
    @TempDir
    Path temp;

    static Stream<Sandbox> tiers() throws SandboxUnavailableException {
        Sandbox withoutBwrap = Sandbox.resolve(SandboxConfig.of(SandboxMode.AUTO).withBwrapCommand("/nonexistent/bwrap"));
        assertEquals(SandboxMode.UNSHARE, withoutBwrap.mode(), "auto without bubblewrap takes the unshare tier");
        return Stream.of(JobTestSupport.requireBwrap(), withoutBwrap);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tiers")
    void noProcessOutlivesItsSession(Sandbox sandbox) throws Exception {
        String marker = "raypool-escape-" + UUID.randomUUID();
        String ssrun = "#!/bin/bash\n"
                + "setsid bash -c 'sleep 300; : " + marker + "-setsid' </dev/null >/dev/null 2>&1 &\n"
                + "( ( bash -c 'sleep 300; : " + marker + "-double' </dev/null >/dev/null 2>&1 & ) & )\n"
                + "nohup bash -c 'sleep 300; : " + marker + "-nohup' </dev/null >/dev/null 2>&1 &\n"
                + "bash -c 'trap \"\" TERM HUP; sleep 300; : " + marker + "-noterm' </dev/null >/dev/null 2>&1 &\n"
                + "sleep 1\ntouch \"$1\"\n";
        Path work = JobTestSupport.workDir(temp);
        try (ScriptRunner runner = new ScriptRunner(sandbox, JobLimits.defaults())) {
            RunningJob job = runner.start(JobSpec.of("a", session(work, "a", ssrun)));
            // each bash forks for its sleep: for a moment that child carries the marker too
            JobTestSupport.awaitProcesses(marker, 4);
            for (String escape : List.of("-setsid", "-double", "-nohup", "-noterm")) {
                assertFalse(JobTestSupport.processesWith(marker + escape).isEmpty(), escape + " was running");
            }
            JobResult result = job.await(Duration.ofSeconds(30)).orElseThrow();
            assertEquals(JobOutcome.SUCCEEDED, result.outcome(), result.summary());
        }
        awaitNoProcesses(marker);
    }

    /** An aborted session (the job still running, killed by the worker) leaves nothing behind either. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("tiers")
    void noProcessOutlivesAnAbortedSession(Sandbox sandbox) throws Exception {
        String marker = "raypool-escape-" + UUID.randomUUID();
        String ssrun = "#!/bin/bash\ntrap '' TERM HUP\n"
                + "setsid bash -c 'trap \"\" TERM HUP; sleep 300; : " + marker + "' </dev/null >/dev/null 2>&1 &\n"
                + "sleep 300\n";
        try (ScriptRunner runner = new ScriptRunner(sandbox, JobLimits.defaults())) {
            RunningJob job = runner.start(JobSpec.of("a", session(JobTestSupport.workDir(temp), "a", ssrun)));
            JobTestSupport.awaitProcesses(marker, 1);
            job.kill();
            assertEquals(JobOutcome.KILLED, job.await(Duration.ofSeconds(30)).orElseThrow().outcome());
        }
        awaitNoProcesses(marker);
    }

    /** The control: without a sandbox a setsid escape survives its session, so the test above can fail. */
    @Test
    void withoutASandboxASetsidEscapeSurvives() throws Exception {
        String marker = "raypool-escape-" + UUID.randomUUID();
        String ssrun = "#!/bin/bash\nsetsid bash -c 'sleep 300; : " + marker + "' </dev/null >/dev/null 2>&1 &\n"
                + "sleep 1\ntouch \"$1\"\n";
        JobResult result = run(JobTestSupport.none(), JobLimits.defaults(), session(JobTestSupport.workDir(temp), "a",
                ssrun));
        assertEquals(JobOutcome.SUCCEEDED, result.outcome(), result.summary());
        Thread.sleep(500);
        List<ProcessHandle> survivors = JobTestSupport.processesWith(marker);
        for (ProcessHandle survivor : survivors) {
            survivor.descendants().forEach(ProcessHandle::destroyForcibly);
            survivor.destroyForcibly();
        }
        assertFalse(survivors.isEmpty(), "the escape outlived its session");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tiers")
    void aForkBombInOneSessionLeavesTheNextOneRoom(Sandbox sandbox) throws Exception {
        Path work = JobTestSupport.workDir(temp);
        // python forks without bash's retries; it reports how many children it got and keeps them for a while
        String bomb = "#!/usr/bin/python3\nimport os, sys, time\nn = 0\nfor i in range(300):\n    try:\n"
                + "        if os.fork() == 0:\n            time.sleep(8)\n            os._exit(0)\n        n += 1\n"
                + "    except OSError as e:\n        print(e, flush=True)\n        break\n"
                + "print('started=%d' % n, flush=True)\nopen(sys.argv[1], 'w').close()\ntime.sleep(6)\n";
        String next = "#!/bin/bash\nfor i in $(seq 20); do sleep 5 & done\necho \"next=$(jobs -p | wc -l)\"\n"
                + "touch \"$1\"\n";
        JobLimits limits = JobLimits.defaults().withMaxProcesses(40);
        try (ScriptRunner runner = new ScriptRunner(sandbox, limits)) {
            RunningJob first = runner.start(JobSpec.of("bomb", session(work, "bomb", bomb)));
            Thread.sleep(1500);
            JobResult second = run(sandbox, limits, session(work, "next", next));
            JobResult bombed = first.await(Duration.ofSeconds(60)).orElseThrow();
            String started = bombed.messages().stream().filter(l -> l.startsWith("started=")).findFirst()
                    .orElseThrow(() -> new AssertionError(bombed.outputTail().toString()));
            int children = Integer.parseInt(started.substring(8).trim());
            assertTrue(children < 40 && children >= 10, started);
            assertTrue(tailContains(bombed, "Resource temporarily unavailable"), bombed.outputTail().toString());
            assertTrue(tailContains(second, "next=20"), "the next session still forks: " + second.outputTail());
            assertEquals(JobOutcome.SUCCEEDED, second.outcome(), second.summary());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tiers")
    void writingPastTheDiskBoundEndsTheJob(Sandbox sandbox) throws Exception {
        Path work = JobTestSupport.workDir(temp);
        String ssrun = "#!/bin/bash\nfor i in $(seq 200); do head -c 1048576 /dev/zero > fill$i; sleep 0.05; done\n"
                + "touch \"$1\"\n";
        Path dir = session(work, "disk", ssrun);
        JobResult r = run(sandbox, JobLimits.defaults().withMaxDiskBytes(8L << 20), dir);
        assertEquals(JobOutcome.DISK_LIMIT, r.outcome(), r.summary());
        assertTrue(r.summary().contains("disk limit"), r.summary());
        long used = DiskWatch.bytesUsed(dir);
        assertTrue(used > 8L << 20 && used < 40L << 20, "stopped soon after the bound: " + used + " bytes");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tiers")
    void oneSessionNeverReachesAnotherOrTheWorkersFiles(Sandbox sandbox) throws Exception {
        Path work = JobTestSupport.workDir(temp);
        Path other = session(work, "rspSS-Session-other", "#!/bin/sh\n");
        Files.writeString(other.resolve("secret.pov"), "someone else's scene");
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(other.resolve("secret.pov"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.writeString(work.resolve("worker.state"), "worker's own file");
        String ssrun = "#!/bin/sh\ntouch \"$1\"\n"
                + "ls ../ ; test -e ../rspSS-Session-other && echo SEES_OTHER_SESSION\n"
                + "cat ../rspSS-Session-other/secret.pov && echo READ_OTHER_SESSION\n"
                + "cat ../worker.state && echo READ_WORKER_FILE\n"
                + "echo x > ../rspSS-Session-other/planted && echo WROTE_OTHER_SESSION\n"
                + "umount .. && echo UNMOUNTED\n"
                + "unshare --user --map-root-user --mount sh -c 'umount -l ..; ls ..' && echo NEW_USER_NAMESPACE\n"
                + "echo mine > mine.txt && echo WROTE_OWN\n";
        JobResult r = run(sandbox, JobLimits.defaults(), session(work, "rspSS-Session-a", ssrun));
        assertTrue(tailContains(r, "WROTE_OWN"), r.outputTail().toString());
        for (String breach : List.of("SEES_OTHER_SESSION", "READ_OTHER_SESSION", "READ_WORKER_FILE",
                "WROTE_OTHER_SESSION", "UNMOUNTED", "NEW_USER_NAMESPACE")) {
            assertFalse(tailContains(r, breach), breach + ": " + r.outputTail());
        }
        assertFalse(Files.exists(other.resolve("planted")));
        assertEquals("mine\n", Files.readString(work.resolve("rspSS-Session-a/mine.txt")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tiers")
    void theSystemIsReadOnly(Sandbox sandbox) throws Exception {
        String probe = "raypool-probe-" + UUID.randomUUID();
        JobResult r = run(sandbox, JobLimits.defaults(), session(JobTestSupport.workDir(temp), "ro",
                "#!/bin/sh\ntouch \"$1\"\ntouch /etc/" + probe + " || echo ETC_REFUSED\n"));
        assertTrue(tailContains(r, "ETC_REFUSED") && tailContains(r, "Read-only file system"),
                "refused by a read-only mount, not merely by permissions: " + r.outputTail());
        assertFalse(Files.exists(Path.of("/etc", probe)));
    }
}
