package org.raypool.worker.job;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.raypool.testing.Await;

/** Shared set-up for tests that run real jobs. */
final class JobTestSupport {
    private static Optional<Sandbox> bwrap;
    private static String bwrapProblem;

    private JobTestSupport() {
    }

    static synchronized Optional<Sandbox> bwrap() {
        if (bwrap == null) {
            try {
                bwrap = Optional.of(Sandbox.resolve(SandboxConfig.of(SandboxMode.BWRAP)));
            } catch (SandboxUnavailableException e) {
                bwrap = Optional.empty();
                bwrapProblem = e.getMessage();
            }
        }
        return bwrap;
    }

    /** The bubblewrap sandbox, or the test is skipped with the reason bwrap cannot run here. */
    static Sandbox requireBwrap() {
        Optional<Sandbox> sandbox = bwrap();
        assumeTrue(sandbox.isPresent(), () -> "bubblewrap cannot run on this machine: " + bwrapProblem);
        return sandbox.get();
    }

    static Sandbox none() {
        try {
            return Sandbox.resolve(SandboxConfig.of(SandboxMode.NONE));
        } catch (SandboxUnavailableException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The unshare tier, as {@code --sandbox auto} takes it when bubblewrap is not installed (its command made
     * unavailable here), or the test is skipped with the reason.
     */
    static synchronized Optional<Sandbox> unshare() {
        try {
            return Optional.of(Sandbox.resolve(SandboxConfig.of(SandboxMode.AUTO).withBwrapCommand("/nonexistent/bwrap")));
        } catch (SandboxUnavailableException e) {
            return Optional.empty();
        }
    }

    /** The sandboxes to run mode-independent tests in: none, and bwrap and unshare where they work. */
    static Stream<Sandbox> sandboxes() {
        return Stream.of(Optional.of(none()), bwrap(), unshare()).flatMap(Optional::stream);
    }

    /**
     * A work directory a job user can reach: JUnit's temporary directories are 0700, which the unprivileged job
     * user (when the tests run as root) could not traverse.
     */
    static Path workDir(Path tempDir) throws IOException {
        Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwx--x--x"));
        return tempDir;
    }

    /** A session directory holding just an executable ssrun with the given body. */
    static Path session(Path work, String name, String ssrun) throws IOException {
        Path dir = Files.createDirectory(work.resolve(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(dir.resolve(SessionFiles.SSRUN), ssrun);
        Files.setPosixFilePermissions(dir.resolve(SessionFiles.SSRUN), PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    static JobResult run(Sandbox sandbox, JobLimits limits, Path session) throws Exception {
        try (ScriptRunner runner = new ScriptRunner(sandbox, limits)) {
            RunningJob job = runner.start(JobSpec.of(session.getFileName().toString(), session));
            return job.await(Duration.ofSeconds(60)).orElseThrow(() -> new AssertionError("job did not end in 60 s"));
        }
    }

    static boolean tailContains(JobResult result, String text) {
        return result.outputTail().stream().anyMatch(line -> line.contains(text));
    }

    /** Processes whose command line contains {@code marker}. */
    static List<ProcessHandle> processesWith(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
    }

    static List<ProcessHandle> awaitProcesses(String marker, int count) throws InterruptedException {
        return Await.until(count + " processes with " + marker, Duration.ofSeconds(20), () -> processesWith(marker),
                found -> found.size() >= count);
    }

    /** Waits until no process with {@code marker} is left; kills the survivors if some stay. */
    static void awaitNoProcesses(String marker) throws InterruptedException {
        try {
            Await.until("no process with " + marker + " (pid and command line of the survivors)", Duration.ofSeconds(5),
                    () -> processesWith(marker).stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                            .toList(), List::isEmpty);
        } catch (AssertionError e) {
            processesWith(marker).forEach(ProcessHandle::destroyForcibly);
            throw e;
        }
    }
}
