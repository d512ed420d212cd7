package org.raypool.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.raypool.worker.job.JobTestSupport.run;
import static org.raypool.worker.job.JobTestSupport.session;
import static org.raypool.worker.job.JobTestSupport.tailContains;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves each bubblewrap restriction by running an ssrun that tries to break it, and, where the attempt is
 * allowed without a sandbox, the same ssrun with {@code --sandbox none} as the control that shows the test can
 * fail.
 */
class SandboxIT {
    @TempDir
    Path temp;
    Path work;
    Sandbox bwrap;

    @BeforeEach
    void setUp() throws IOException {
        bwrap = JobTestSupport.requireBwrap();
        work = JobTestSupport.workDir(temp);
    }

    private Sandbox bwrapHiding(Path... hidden) throws SandboxUnavailableException {
        return Sandbox.resolve(SandboxConfig.of(SandboxMode.BWRAP).withHiddenPaths(List.of(hidden)));
    }

    @Test
    void noNetworkNotEvenTheHostLoopback() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            server.setSoTimeout(200);
            String ssrun = "#!/bin/bash\ntouch \"$1\"\nexec 3<>/dev/tcp/127.0.0.1/" + server.getLocalPort()
                    + " && echo CONNECTED\n";
            JobResult sandboxed = run(bwrap, JobLimits.defaults(), session(work, "a", ssrun));
            assertEquals(JobOutcome.FAILED, sandboxed.outcome(), sandboxed.summary());
            assertFalse(tailContains(sandboxed, "CONNECTED"));
            assertThrows(SocketTimeoutException.class, server::accept, "nothing reached the host's listener");

            JobResult control = run(JobTestSupport.none(), JobLimits.defaults(), session(work, "b", ssrun));
            assertEquals(JobOutcome.SUCCEEDED, control.outcome(), control.summary());
            assertTrue(tailContains(control, "CONNECTED"));
            try (Socket accepted = server.accept()) {
                assertTrue(accepted.isConnected());
            }
        }
    }

    @Test
    void systemIsReadOnly() throws Exception {
        String probe = "raypool-probe-" + UUID.randomUUID();
        JobResult r = run(bwrap, JobLimits.defaults(), session(work, "s", "#!/bin/sh\ntouch \"$1\"\n"
                + "touch /etc/" + probe + " || echo ETC_REFUSED\ntouch /usr/" + probe + " || echo USR_REFUSED\n"
                + "mkdir /var/lib/" + probe + " || echo VAR_REFUSED\n"));
        assertTrue(tailContains(r, "ETC_REFUSED") && tailContains(r, "USR_REFUSED") && tailContains(r, "VAR_REFUSED"),
                r.outputTail().toString());
        assertTrue(tailContains(r, "Read-only file system"), "refused by the read-only mount, not merely by"
                + " permissions: " + r.outputTail());
        assertFalse(Files.exists(Path.of("/etc", probe)));
        assertFalse(Files.exists(Path.of("/usr", probe)));
        assertFalse(Files.exists(Path.of("/var/lib", probe)));
    }

    /** Without any configured hidden path: the parent of the session directory is hidden by itself. */
    @Test
    void onlyTheOwnSessionDirectoryIsVisibleAndWritable() throws Exception {
        Path other = session(work, "rspSS-Session-other", "#!/bin/sh\n");
        Files.writeString(other.resolve("secret.pov"), "someone else's scene");
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(other.resolve("secret.pov"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(work.resolve("worker.conf"), "worker's own file");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
        String ssrun = "#!/bin/sh\ntouch \"$1\"\n"
                + "test -e ../rspSS-Session-other && echo SEES_OTHER_SESSION\n"
                + "cat ../rspSS-Session-other/secret.pov && echo READ_OTHER_SESSION\n"
                + "test -e ../worker.conf && echo SEES_WORKER_FILE\n"
                + "echo x > ../escaped && echo WROTE_PARENT\n"
                + "echo x > ../rspSS-Session-other/planted && echo WROTE_OTHER_SESSION\n"
                + "echo mine > mine.txt && echo WROTE_OWN\n";
        List<String> breaches = List.of("SEES_OTHER_SESSION", "READ_OTHER_SESSION", "SEES_WORKER_FILE",
                "WROTE_PARENT", "WROTE_OTHER_SESSION");
        try {
            JobResult sandboxed = run(bwrap, JobLimits.defaults(), session(work, "rspSS-Session-a", ssrun));
            assertTrue(tailContains(sandboxed, "WROTE_OWN"));
            for (String breach : breaches) {
                assertFalse(tailContains(sandboxed, breach), breach + ": " + sandboxed.outputTail());
            }
            assertFalse(Files.exists(work.resolve("escaped")));
            assertFalse(Files.exists(other.resolve("planted")));
            assertEquals("mine\n", Files.readString(work.resolve("rspSS-Session-a/mine.txt")));

            JobResult control = run(JobTestSupport.none(), JobLimits.defaults(), session(work, "rspSS-Session-b", ssrun));
            for (String breach : breaches.subList(0, 4)) {
                assertTrue(tailContains(control, breach), breach + " without a sandbox: " + control.outputTail());
            }
        } finally {
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
        }
    }

    /**
     * A writable directory the sandbox does not hide by itself (not below /home, /root, /run, /tmp, /var/tmp, nor
     * the session's parent): the build directory, unless the checkout lies below one of those (CI runners often
     * check out under /home), then /var/lib or /srv where writable; else the test cannot show the difference.
     */
    private static Path visibleParent() {
        List<String> hidden = List.of("/home", "/root", "/run", "/tmp", "/var/tmp", "/dev/shm");
        for (Path candidate : List.of(Path.of("target").toAbsolutePath(), Path.of("/var/lib"), Path.of("/srv"))) {
            boolean hiddenByDefault = hidden.stream().anyMatch(h -> candidate.startsWith(h));
            if (!hiddenByDefault && Files.isDirectory(candidate) && Files.isWritable(candidate)) return candidate;
        }
        org.junit.jupiter.api.Assumptions.abort("no writable directory outside the paths the sandbox always hides "
                + "(the checkout is below one of them and /var/lib, /srv are not writable)");
        throw new AssertionError("unreachable");
    }

    @Test
    void configuredPathsHomeRootAndRunAreHidden() throws Exception {
        Path cache = Files.createDirectories(visibleParent().resolve("sandbox-it-cache-" + UUID.randomUUID()));
        try {
            Files.writeString(cache.resolve("da39a3ee5e6b4b0d3255bfef95601890afd80709.data"), "cached environment");
            Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxr-xr-x"));
            String ssrun = "#!/bin/sh\ntouch \"$1\"\necho \"cache=$(ls -A " + cache + " | wc -l)"
                    + " root=$(ls -A /root | wc -l) home=$(ls -A /home | wc -l) run=$(ls -A /run | wc -l)\"\n";
            JobResult sandboxed = run(bwrapHiding(cache), JobLimits.defaults(), session(work, "a", ssrun));
            assertTrue(tailContains(sandboxed, "cache=0 root=0 home=0 run=0"), sandboxed.outputTail().toString());

            JobResult visible = run(bwrap, JobLimits.defaults(), session(work, "b", ssrun));
            assertTrue(tailContains(visible, "cache=1 "), "not hidden unless configured: " + visible.outputTail());
        } finally {
            try (var files = Files.list(cache)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(cache);
        }
    }

    @Test
    void tmpIsPrivateAndSmall() throws Exception {
        String name = "raypool-private-" + UUID.randomUUID();
        Path jobFile = Path.of("/tmp", name);
        Path hostFile = Files.writeString(Path.of("/tmp", name + "-host"), "the host's");
        String ssrun = "#!/bin/sh\ntouch \"$1\"\necho hidden > /tmp/" + name + " && echo WROTE_TMP\n"
                + "test -e " + hostFile + " && echo SEES_HOST_TMP\n";
        try {
            JobResult sandboxed = run(bwrap, JobLimits.defaults(), session(work, "a", ssrun));
            assertTrue(tailContains(sandboxed, "WROTE_TMP"), "the job has a working /tmp");
            assertFalse(tailContains(sandboxed, "SEES_HOST_TMP"), sandboxed.outputTail().toString());
            assertFalse(Files.exists(jobFile), "the job's /tmp is not the host's");

            JobResult control = run(JobTestSupport.none(), JobLimits.defaults(), session(work, "b", ssrun));
            assertTrue(tailContains(control, "WROTE_TMP") && tailContains(control, "SEES_HOST_TMP"),
                    control.outputTail().toString());
            assertTrue(Files.exists(jobFile), "without a sandbox the file lands in the host's /tmp");
        } finally {
            Files.deleteIfExists(jobFile);
            Files.deleteIfExists(hostFile);
        }
        JobResult full = run(Sandbox.resolve(SandboxConfig.of(SandboxMode.BWRAP).withTmpfsBytes(1 << 20)),
                JobLimits.none(), session(work, "c", "#!/bin/sh\ntouch \"$1\"\n"
                        + "head -c 2000000 /dev/zero > /tmp/fill || echo TMP_FULL\n"));
        assertTrue(tailContains(full, "TMP_FULL"), full.outputTail().toString());
    }

    @Test
    void otherProcessesAreInvisible() throws Exception {
        String ssrun = "#!/bin/sh\ntouch \"$1\"\necho \"processes=$(ls /proc | grep -c '^[0-9]')\"\n";
        JobResult sandboxed = run(bwrap, JobLimits.defaults(), session(work, "a", ssrun));
        String line = sandboxed.outputTail().stream().filter(l -> l.contains("processes=")).findFirst().orElseThrow();
        int inside = Integer.parseInt(line.substring(line.indexOf('=') + 1).trim());
        assertTrue(inside <= 5, "only the sandbox's own processes: " + line);

        JobResult control = run(JobTestSupport.none(), JobLimits.defaults(), session(work, "b", ssrun));
        String hostLine = control.outputTail().stream().filter(l -> l.contains("processes=")).findFirst().orElseThrow();
        assertTrue(Integer.parseInt(hostLine.substring(hostLine.indexOf('=') + 1).trim()) > 10, hostLine);
    }
}
