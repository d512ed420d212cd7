package org.raypool.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raypool.worker.job.JobTestSupport.awaitNoProcesses;
import static org.raypool.worker.job.JobTestSupport.awaitProcesses;
import static org.raypool.worker.job.JobTestSupport.run;
import static org.raypool.worker.job.JobTestSupport.session;
import static org.raypool.worker.job.JobTestSupport.tailContains;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** ScriptRunner with real processes, in every sandbox mode this machine supports. */
class ScriptRunnerIT {
    @TempDir
    Path temp;
    Path work;
    String nonce;

    @BeforeEach
    void setUp() throws IOException {
        work = JobTestSupport.workDir(temp);
        nonce = Integer.toString(Math.abs(UUID.randomUUID().hashCode() % 100000));
    }

    static Stream<Sandbox> sandboxes() {
        return JobTestSupport.sandboxes();
    }

    @ParameterizedTest(name = "sandbox {0}")
    @MethodSource("sandboxes")
    void passesTheSsrunArgumentsAndReportsSuccess(Sandbox sandbox) throws Exception {
        Path s = session(work, "s", "#!/bin/bash\necho \"argc=$# 1=[$1] 2=[$2] 3=[$3] 4=[$4] cwd=$(pwd)\"\n"
                + "echo result > \"$1\"\n");
        JobResult r = run(sandbox, JobLimits.defaults(), s);
        assertEquals(JobOutcome.SUCCEEDED, r.outcome(), r.summary());
        assertEquals(0, r.status());
        assertTrue(tailContains(r, "argc=4 1=[output.data] 2=[] 3=[] 4=[] cwd=" + s.toRealPath()), r.outputTail().toString());
        try (InputStream in = r.openOutput()) {
            assertEquals("result\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest(name = "sandbox {0}")
    @MethodSource("sandboxes")
    void passesEnvironmentAndKeyNames(Sandbox sandbox) throws Exception {
        Path s = session(work, "s", "#!/bin/bash\necho \"argc=$# 2=[$2] 3=[$3] 4=[$4] env=$(cat \"$2\")\"\n"
                + "echo > \"$1\"\n");
        Files.writeString(s.resolve(SessionFiles.ENVIRONMENT), "textures");
        try (ScriptRunner runner = new ScriptRunner(sandbox, JobLimits.defaults())) {
            JobResult r = runner.start(JobSpec.of("s", s).withEnvironment(true).withKeys("keyring.gpg", "trustdb.gpg"))
                    .await();
            assertEquals(JobOutcome.SUCCEEDED, r.outcome(), r.summary());
            assertTrue(tailContains(r, "argc=4 2=[environment.data] 3=[keyring.gpg] 4=[trustdb.gpg] env=textures"),
                    r.outputTail().toString());
        }
    }

    @ParameterizedTest(name = "sandbox {0}")
    @MethodSource("sandboxes")
    void jobGetsAFixedEnvironmentAndNoRoot(Sandbox sandbox) throws Exception {
        Path s = session(work, "s", "#!/bin/sh\nenv | cut -d= -f1 | sort | tr '\\n' ' ' | sed 's/^/vars: /'; echo\n"
                + "echo \"home=$HOME uid=$(id -u)\"\ngrep CapEff /proc/self/status\ntouch \"$1\"\n");
        JobResult r = run(sandbox, JobLimits.defaults(), s);
        assertEquals(JobOutcome.SUCCEEDED, r.outcome(), r.summary());
        String vars = r.outputTail().stream().filter(l -> l.contains("vars: ")).findFirst().orElseThrow();
        Set<String> names = Set.of(vars.substring(vars.indexOf("vars: ") + 6).trim().split(" "));
        assertTrue(Set.of("PATH", "HOME", "TMPDIR", "LANG", "PWD", "SHLVL", "_", "OLDPWD").containsAll(names),
                "unexpected variables: " + names);
        assertTrue(tailContains(r, "home=" + s.toRealPath()));
        if (Sandbox.workerIsRoot()) {
            assertTrue(tailContains(r, "uid=65534"), r.outputTail().toString());
            assertTrue(tailContains(r, "CapEff:\t0000000000000000"), r.outputTail().toString());
        }
    }

    @ParameterizedTest(name = "sandbox {0}")
    @MethodSource("sandboxes")
    void nonZeroExitIsAFailureWithTheTail(Sandbox sandbox) throws Exception {
        Path s = session(work, "s", "#!/bin/sh\necho 'parse error in scene' >&2\ntouch \"$1\"\nexit 3\n");
        JobResult r = run(sandbox, JobLimits.defaults(), s);
        assertEquals(JobOutcome.FAILED, r.outcome());
        assertEquals(3, r.exitCode());
        assertEquals(3, r.status());
        assertTrue(r.hasOutput(), "output of a failed job is still there for download");
        assertEquals(List.of("stderr: parse error in scene"), r.outputTail());
        assertTrue(r.summary().contains("exit code 3"), r.summary());
    }

    @ParameterizedTest(name = "sandbox {0}")
    @MethodSource("sandboxes")
    void exitZeroWithoutOutputIsDistinct(Sandbox sandbox) throws Exception {
        JobResult r = run(sandbox, JobLimits.defaults(), session(work, "s", "#!/bin/sh\nexit 0\n"));
        assertEquals(JobOutcome.NO_OUTPUT, r.outcome());
        assertFalse(r.hasOutput());
        assertThrows(IOException.class, r::openOutput);
    }

    @ParameterizedTest(name = "sandbox {0}")
    @MethodSource("sandboxes")
    void outputThatIsASymlinkIsNotOutput(Sandbox sandbox) throws Exception {
        JobResult r = run(sandbox, JobLimits.defaults(),
                session(work, "s", "#!/bin/sh\nln -s /etc/passwd \"$1\"\nexit 0\n"));
        assertEquals(JobOutcome.NO_OUTPUT, r.outcome());
        assertFalse(r.hasOutput());
        assertThrows(IOException.class, r::openOutput);
    }

    @ParameterizedTest(name = "sandbox {0}")
    @MethodSource("sandboxes")
    void jobKilledByASignalReportsNonZero(Sandbox sandbox) throws Exception {
        JobResult r = run(sandbox, JobLimits.defaults(),
                session(work, "s", "#!/bin/sh\ntouch \"$1\"\nkill -TERM $$\nsleep 5\n"));
        assertEquals(JobOutcome.FAILED, r.outcome(), r.summary());
        assertEquals(128 + 15, r.exitCode());
        assertEquals(128 + 15, r.status());
    }

    @ParameterizedTest(name = "sandbox {0}")
    @MethodSource("sandboxes")
    void cpuTimeLimitKillsABusyLoop(Sandbox sandbox) throws Exception {
        JobLimits limits = JobLimits.none().withMaxCpuTime(Duration.ofSeconds(1)).withMaxJobTime(Duration.ofSeconds(30));
        JobResult r = run(sandbox, limits, session(work, "s", "#!/bin/sh\ntouch \"$1\"\nwhile :; do :; done\n"));
        assertEquals(JobOutcome.FAILED, r.outcome(), r.summary());
        assertTrue(r.exitCode() == 128 + 24 || r.exitCode() == 128 + 9, "SIGXCPU or SIGKILL, got " + r.exitCode());
        assertTrue(r.elapsed().compareTo(Duration.ofSeconds(20)) < 0, "killed by the CPU limit, " + r.elapsed());
    }

    @ParameterizedTest(name = "sandbox {0}")
    @MethodSource("sandboxes")
    void addressSpaceLimitMakesABigAllocationFail(Sandbox sandbox) throws Exception {
        String ssrun = "#!/bin/sh\ntouch \"$1\"\nperl -e '$x = \"a\" x (256 * 1024 * 1024); print \"allocated \", length($x), \"\\n\"'\n";
        JobResult limited = run(sandbox, JobLimits.none().withMaxAddressSpaceBytes(64L << 20), session(work, "a", ssrun));
        assertEquals(JobOutcome.FAILED, limited.outcome(), limited.summary());
        assertTrue(tailContains(limited, "Out of memory"), limited.outputTail().toString());
        JobResult control = run(sandbox, JobLimits.none(), session(work, "b", ssrun));
        assertEquals(JobOutcome.SUCCEEDED, control.outcome(), control.summary());
        assertTrue(tailContains(control, "allocated 268435456"));
    }

    @ParameterizedTest(name = "sandbox {0}")
    @MethodSource("sandboxes")
    void fileSizeLimitStopsABigWrite(Sandbox sandbox) throws Exception {
        String ssrun = "#!/bin/sh\ntouch \"$1\"\nhead -c 3000000 /dev/zero > big || exit 9\n";
        Path a = session(work, "a", ssrun);
        JobResult limited = run(sandbox, JobLimits.none().withMaxFileSizeBytes(1 << 20), a);
        assertEquals(JobOutcome.FAILED, limited.outcome(), limited.summary());
        assertEquals(9, limited.exitCode());
        assertEquals(1 << 20, Files.size(a.resolve("big")));
        Path b = session(work, "b", ssrun);
        assertEquals(JobOutcome.SUCCEEDED, run(sandbox, JobLimits.none(), b).outcome());
        assertEquals(3000000, Files.size(b.resolve("big")));
    }

    @ParameterizedTest(name = "sandbox {0}")
    @MethodSource("sandboxes")
    void wallClockLimitKillsTheTree(Sandbox sandbox) throws Exception {
        String marker = "31" + nonce;
        Path s = session(work, "s", "#!/bin/sh\ntouch \"$1\"\nsleep 300." + marker + " &\nsleep 301." + marker + "\n");
        JobResult r = run(sandbox, JobLimits.none().withMaxJobTime(Duration.ofMillis(1500)), s);
        assertEquals(JobOutcome.TIMED_OUT, r.outcome(), r.summary());
        assertNotEquals(0, r.status());
        assertTrue(r.elapsed().compareTo(Duration.ofSeconds(10)) < 0, r.elapsed().toString());
        assertTrue(r.elapsed().compareTo(Duration.ofMillis(1400)) > 0, r.elapsed().toString());
        awaitNoProcesses(marker);
    }

    @ParameterizedTest(name = "sandbox {0}")
    @MethodSource("sandboxes")
    void killEndsTheWholeProcessTree(Sandbox sandbox) throws Exception {
        String marker = "32" + nonce;
        // a child, a grandchild in a subshell, and a grandchild that left the process group with setsid
        Path s = session(work, "s", "#!/bin/bash\nsleep 300." + marker + " &\n(sleep 301." + marker + "; true) &\n"
                + "setsid sleep 302." + marker + " &\nwait\n");
        try (ScriptRunner runner = new ScriptRunner(sandbox, JobLimits.defaults())) {
            RunningJob job = runner.start(JobSpec.of("s", s));
            awaitProcesses(marker, 3);
            assertEquals(1, runner.runningJobs());
            job.kill();
            JobResult r = job.await(Duration.ofSeconds(10)).orElseThrow();
            assertEquals(JobOutcome.KILLED, r.outcome());
            assertEquals(128 + 9, r.status());
            awaitNoProcesses(marker);
        }
    }

    @Test
    void inBwrapEvenADaemonThatEscapedTheTreeDies() throws Exception {
        Sandbox sandbox = JobTestSupport.requireBwrap();
        String marker = "33" + nonce;
        // (… &) orphans the setsid'd sleep at once: it leaves both the process group and the tree
        Path s = session(work, "s", "#!/bin/bash\n(setsid sleep 300." + marker + " &)\nsleep 301." + marker + "\n");
        try (ScriptRunner runner = new ScriptRunner(sandbox, JobLimits.defaults())) {
            RunningJob job = runner.start(JobSpec.of("s", s));
            awaitProcesses(marker, 2);
            job.kill();
            assertEquals(JobOutcome.KILLED, job.await(Duration.ofSeconds(10)).orElseThrow().outcome());
            awaitNoProcesses(marker);
        }
    }

    @ParameterizedTest(name = "sandbox {0}")
    @MethodSource("sandboxes")
    void leftoverBackgroundProcessesDieWhenSsrunExits(Sandbox sandbox) throws Exception {
        String marker = "34" + nonce;
        // the leftover keeps stdout open: the runner must not wait for it
        Path s = session(work, "s", "#!/bin/sh\nsleep 300." + marker + " &\necho done > \"$1\"\nexit 0\n");
        JobResult r = run(sandbox, JobLimits.defaults(), s);
        assertEquals(JobOutcome.SUCCEEDED, r.outcome());
        assertTrue(r.elapsed().compareTo(Duration.ofSeconds(10)) < 0, r.elapsed().toString());
        awaitNoProcesses(marker);
    }

    @Test
    void closingTheRunnerKillsRunningJobs() throws Exception {
        String marker = "35" + nonce;
        Path s = session(work, "s", "#!/bin/sh\nsleep 300." + marker + "\n");
        RunningJob job;
        try (ScriptRunner runner = new ScriptRunner(JobTestSupport.none(), JobLimits.defaults())) {
            job = runner.start(JobSpec.of("s", s));
            awaitProcesses(marker, 1);
        }
        assertEquals(JobOutcome.KILLED, job.await(Duration.ofSeconds(10)).orElseThrow().outcome());
        awaitNoProcesses(marker);
    }

    @Test
    void pollAndCompletionReportTheSameResult() throws Exception {
        Path s = session(work, "s", "#!/bin/sh\nsleep 0.3\ntouch \"$1\"\n");
        try (ScriptRunner runner = new ScriptRunner(JobTestSupport.none(), JobLimits.defaults())) {
            RunningJob job = runner.start(JobSpec.of("s", s));
            assertTrue(job.poll().isEmpty());
            assertFalse(job.isDone());
            JobResult viaFuture = job.completion().get();
            assertEquals(viaFuture, job.poll().orElseThrow());
            assertEquals(0, runner.runningJobs());
        }
    }

    @Test
    void outputTailIsBounded() throws Exception {
        Path s = session(work, "s", "#!/bin/sh\nfor i in $(seq 1 100); do echo line $i; done\n"
                + "head -c 10000 /dev/zero | tr '\\0' x\necho\ntouch \"$1\"\n");
        JobResult r = run(JobTestSupport.none(), JobLimits.defaults(), s);
        assertEquals(40, r.outputTail().size());
        assertTrue(tailContains(r, "line 100"));
        assertEquals("stdout: line 64", r.outputTail().get(0));
        List<Integer> lengths = r.outputTail().stream().filter(l -> l.contains("xxx")).map(String::length)
                .collect(Collectors.toList());
        assertEquals(List.of(8 + 4096, 8 + 4096, 8 + 10000 - 2 * 4096), lengths);
    }

    @Test
    void missingSsrunIsAWorkerError() throws Exception {
        Path s = Files.createDirectory(work.resolve("empty"));
        try (ScriptRunner runner = new ScriptRunner(JobTestSupport.none(), JobLimits.defaults())) {
            IOException e = assertThrows(IOException.class, () -> runner.start(JobSpec.of("s", s)));
            assertTrue(e.getMessage().contains("no ssrun"), e.getMessage());
        }
    }
}
