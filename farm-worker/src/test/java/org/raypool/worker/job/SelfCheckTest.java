package org.raypool.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.raypool.worker.job.SelfCheck.FileStatus;
import org.raypool.worker.job.SelfCheck.Identity;
import org.raypool.worker.job.SelfCheck.Problem;

/** The self-check's decisions on a made-up machine: a file table, a work directory and a trivial job's answer. */
class SelfCheckTest {
    private static final Path WORK = Path.of("/srv/raypool/work");
    private static final String PATH = "/usr/local/bin:/usr/bin:/bin";
    private static final Identity NOBODY = Identity.jobUser(JobUser.NOBODY);
    private static final Identity WORKER = Identity.worker(1000, 1000, Set.of(1000, 27));

    /** A machine where everything a job needs is in place. */
    private static final class Machine implements SelfCheck.Probe {
        final Map<Path, FileStatus> files = new HashMap<>();
        Optional<String> trialAnswer = Optional.empty();
        IOException cannotCreate;
        final List<String> calls = new ArrayList<>();

        Machine() {
            for (String dir : List.of("/", "/srv", "/srv/raypool", "/srv/raypool/work", "/usr", "/usr/local",
                    "/usr/local/bin", "/usr/bin", "/bin")) {
                dir(dir, 0, 0, 0755);
            }
            file("/bin/sh", 0, 0, 0755);
            file("/usr/bin/tar", 0, 0, 0755);
            file("/usr/bin/povray", 0, 0, 0755);
        }

        Machine dir(String path, int uid, int gid, int mode) {
            files.put(Path.of(path), new FileStatus(uid, gid, mode, true, false));
            return this;
        }

        Machine file(String path, int uid, int gid, int mode) {
            files.put(Path.of(path), new FileStatus(uid, gid, mode, false, true));
            return this;
        }

        @Override
        public Optional<FileStatus> status(Path path) {
            return Optional.ofNullable(files.get(path));
        }

        @Override
        public Path createSessionDirectory(Path workDir) throws IOException {
            calls.add("create " + workDir);
            if (cannotCreate != null) throw cannotCreate;
            return workDir.resolve("rspSS-Session-check");
        }

        @Override
        public Optional<String> runTrivialJob(Path sessionDir) {
            calls.add("trial " + sessionDir);
            return trialAnswer;
        }

        @Override
        public void remove(Path sessionDir) {
            calls.add("remove " + sessionDir);
        }
    }

    private static SelfCheck asRoot(Machine m, SandboxMode sandbox, Optional<String> povray) {
        return new SelfCheck(WORK, NOBODY, true, sandbox, PATH, povray, m);
    }

    private static SelfCheck asRoot(Machine m) {
        return asRoot(m, SandboxMode.BWRAP, Optional.empty());
    }

    private static SelfCheck asWorker(Machine m) {
        return new SelfCheck(WORK, WORKER, false, SandboxMode.NONE, PATH, Optional.empty(), m);
    }

    @Test
    void aMachineThatCanRunJobsPassesAndTheTrialDirectoryGoes() {
        Machine m = new Machine();
        assertEquals(Optional.empty(), asRoot(m).run());
        assertEquals(List.of("create " + WORK, "trial " + WORK.resolve("rspSS-Session-check"),
                "remove " + WORK.resolve("rspSS-Session-check")), m.calls);
    }

    @Test
    void aMode700FolderAboveTheWorkDirectoryIsNamedWithTheFix() {
        Machine m = new Machine().dir("/srv/raypool", 0, 0, 0700);
        Problem p = asRoot(m).run().orElseThrow();
        assertEquals("the job user 65534:65534 cannot reach the work directory /srv/raypool/work: /srv/raypool is not "
                + "searchable by it (mode 0700, owner 0:0) (chmod o+x /srv/raypool, or choose a --work-dir that the "
                + "job user 65534:65534 can reach)", p.line());
        assertFalse(m.calls.contains("trial " + WORK.resolve("rspSS-Session-check")), "the first problem ends it");
        assertTrue(m.calls.contains("remove " + WORK.resolve("rspSS-Session-check")), "and the directory goes");
    }

    @Test
    void theWorkDirectoryItselfCountsAndOwnershipOrGroupCanGrantTheWay() {
        assertTrue(asRoot(new Machine().dir("/srv/raypool/work", 0, 0, 0700)).run().orElseThrow().what()
                .contains("/srv/raypool/work is not searchable"));
        assertEquals(Optional.empty(), asRoot(new Machine().dir("/srv/raypool", 65534, 0, 0700)).run(),
                "the job user owns it");
        assertEquals(Optional.empty(), asRoot(new Machine().dir("/srv/raypool", 0, 65534, 0710)).run(),
                "the job user's group may search it");
        assertTrue(asRoot(new Machine().dir("/srv/raypool", 65534, 0, 0070)).run().isPresent(),
                "an owner without x is refused even with group and others allowed, as the kernel does");
    }

    @Test
    void aWorkerThatRunsJobsAsItselfDoesNotAskForOtherUsersAccess() {
        Machine m = new Machine().dir("/srv/raypool", 1000, 1000, 0700);
        assertEquals(Optional.empty(), asWorker(m).run());
    }

    @Test
    void aWorkDirectoryThatCannotBeMadeIsNamed() {
        Machine m = new Machine();
        m.cannotCreate = new IOException("/srv/raypool/work: Permission denied");
        assertEquals("cannot make a session directory in the work directory /srv/raypool/work: /srv/raypool/work: "
                + "Permission denied (make it writable by the worker's user, or choose another --work-dir)",
                asRoot(m).run().orElseThrow().line());
        assertEquals(List.of("create " + WORK), m.calls, "nothing to remove");
    }

    @Test
    void missingPovRayIsNamedWithThePathLookedIn() {
        Machine m = new Machine();
        m.files.remove(Path.of("/usr/bin/povray"));
        assertEquals("POV-Ray is missing: no povray in the jobs' PATH /usr/local/bin:/usr/bin:/bin (apt-get install "
                + "povray, or set RAYPOOL_POVRAY to the POV-Ray program's absolute path)",
                asRoot(m).run().orElseThrow().line());
    }

    @Test
    void theFirstExecutableAlongThePathCountsAsTheShellFindsIt() {
        Machine m = new Machine().file("/usr/local/bin/povray", 0, 0, 0644);
        assertEquals(Optional.empty(), asRoot(m).run(), "a non-executable povray earlier in PATH is skipped");
        m.files.remove(Path.of("/usr/bin/povray"));
        assertEquals("POV-Ray (/usr/local/bin/povray) cannot be run by the job user 65534:65534: /usr/local/bin/povray "
                + "has mode 0644, owner 0:0 (chmod o+x /usr/local/bin/povray, or apt-get install povray, or set "
                + "RAYPOOL_POVRAY to the POV-Ray program's absolute path)", asRoot(m).run().orElseThrow().line());
    }

    @Test
    void aProgramBehindAClosedFolderCannotBeRun() {
        Machine m = new Machine().dir("/opt", 0, 0, 0750).file("/opt/povray", 0, 0, 0755);
        Problem p = asRoot(m, SandboxMode.BWRAP, Optional.of("/opt/povray")).run().orElseThrow();
        assertEquals("POV-Ray (/opt/povray) cannot be run by the job user 65534:65534: /opt has mode 0750, owner 0:0",
                p.what());
        m.dir("/opt", 0, 27, 0750);
        assertEquals(Optional.empty(), new SelfCheck(WORK, WORKER, false, SandboxMode.NONE, PATH,
                Optional.of("/opt/povray"), m).run(), "the worker's own groups count when it runs jobs itself");
    }

    @Test
    void raypoolPovrayIsWhatSsrunRuns() {
        Machine m = new Machine();
        m.files.remove(Path.of("/usr/bin/povray"));
        m.file("/opt/povray-3.7/bin/povray", 0, 0, 0755).dir("/opt", 0, 0, 0755).dir("/opt/povray-3.7", 0, 0, 0755)
                .dir("/opt/povray-3.7/bin", 0, 0, 0755);
        assertEquals(Optional.empty(), asRoot(m, SandboxMode.BWRAP, Optional.of("/opt/povray-3.7/bin/povray")).run());
        assertEquals("POV-Ray is missing: /opt/povray-3.8/bin/povray does not exist (set RAYPOOL_POVRAY to the "
                + "POV-Ray program's absolute path, or unset it to use povray from PATH)",
                asRoot(m, SandboxMode.BWRAP, Optional.of("/opt/povray-3.8/bin/povray")).run().orElseThrow().line());
        assertTrue(asRoot(m, SandboxMode.BWRAP, Optional.of("bin/povray")).run().orElseThrow().what()
                .contains("relative path"));
        m.file("/usr/bin/povray37", 0, 0, 0755);
        assertEquals(Optional.empty(), asRoot(m, SandboxMode.BWRAP, Optional.of("povray37")).run(),
                "a bare name is looked up in PATH");
        assertTrue(asRoot(m, SandboxMode.BWRAP, Optional.of(" ")).run().orElseThrow().line()
                .startsWith("POV-Ray is missing: no povray in the jobs' PATH"), "a blank RAYPOOL_POVRAY is unset");
    }

    @Test
    void shellAndTarAreNeededToo() {
        Machine noTar = new Machine();
        noTar.files.remove(Path.of("/usr/bin/tar"));
        assertEquals("tar is missing: no tar in the jobs' PATH /usr/local/bin:/usr/bin:/bin (apt-get install tar)",
                asRoot(noTar).run().orElseThrow().line());
        Machine noShell = new Machine();
        noShell.files.remove(Path.of("/bin/sh"));
        assertTrue(asRoot(noShell).run().orElseThrow().what().startsWith("the shell is missing: no sh in"));
    }

    @Test
    void aSandboxThatCannotRunATrivialJobIsRefusedWithTheWayOut() {
        Machine m = new Machine();
        m.trialAnswer = Optional.of("exit code 1, said: bwrap: Can't find source path /srv/raypool/work/x: "
                + "Permission denied");
        Problem p = asRoot(m).run().orElseThrow();
        assertEquals("a trivial job does not run in the bubblewrap sandbox as the job user 65534:65534 in "
                + "/srv/raypool/work: exit code 1, said: bwrap: Can't find source path /srv/raypool/work/x: "
                + "Permission denied", p.what());
        assertTrue(p.fix().endsWith("or run with --sandbox none"), p.fix());
        assertEquals("a trivial job does not run in /srv/raypool/work: exit code 1, said: bwrap: Can't find source "
                + "path /srv/raypool/work/x: Permission denied", asWorker(m).run().orElseThrow().what());
        assertTrue(m.calls.get(m.calls.size() - 1).startsWith("remove "), "removed after a failed trial too");
    }

    @Test
    void permissionsAreDecidedAsTheKernelDoes() {
        FileStatus rootOnly = new FileStatus(0, 0, 0700, true, false);
        assertFalse(rootOnly.executableBy(NOBODY));
        assertTrue(rootOnly.executableBy(Identity.worker(0, 0, Set.of())), "root searches any directory");
        assertFalse(new FileStatus(0, 0, 0644, false, true).executableBy(Identity.worker(0, 0, Set.of())),
                "but runs only files with some x bit");
        assertTrue(new FileStatus(0, 27, 0750, true, false).executableBy(WORKER), "a supplementary group");
        assertFalse(new FileStatus(0, 27, 0750, true, false).executableBy(NOBODY), "setpriv clears the groups");
        assertEquals("mode 0750, owner 0:27", new FileStatus(0, 27, 0750, true, false).describe());
    }
}
