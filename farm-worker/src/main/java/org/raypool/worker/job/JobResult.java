package org.raypool.worker.job;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The end of one job.
 *
 * @param sessionId  the session
 * @param outcome    what happened
 * @param exitCode   the exit code seen by the worker; 128 + n for a process killed by signal n
 * @param elapsed    wall-clock run time
 * @param outputFile {@code <sessionDir>/output.data}
 * @param hasOutput  whether output.data exists as a regular file (a symbolic link does not count)
 * @param outputTail the last lines ssrun wrote to stdout and stderr, for error messages
 */
public record JobResult(String sessionId, JobOutcome outcome, int exitCode, Duration elapsed, Path outputFile,
        boolean hasOutput, List<String> outputTail) {

    /** Status (signalled / killed by the worker) when no exit code says more. */
    static final int KILLED_STATUS = 128 + 9;
    /** What a job is started through ({@link ScriptRunner}); their messages start with their names. */
    private static final List<String> SET_UP_PROGRAMS = List.of("bwrap: ", "setpriv: ", "setsid: ", "prlimit: ",
            "unshare: ", "mount: ", "raypool-sandbox: ");

    public JobResult {
        outputTail = List.copyOf(outputTail);
    }

    /**
     * The value for the final SSP Status message: 0 only for {@link JobOutcome#SUCCEEDED} and
     * {@link JobOutcome#NO_OUTPUT} (which aborts anyway), never 0 for a job killed by a signal or by the worker
     * (docs/protocol/scripting-service.md §5.2 [PROJECT] leniency).
     */
    public int status() {
        return switch (outcome) {
            case SUCCEEDED, NO_OUTPUT -> 0;
            case FAILED -> exitCode == 0 ? 1 : exitCode;
            case TIMED_OUT, DISK_LIMIT, KILLED -> exitCode > 0 ? exitCode : KILLED_STATUS;
        };
    }

    /**
     * Whether ssrun never ran because what starts it failed (bubblewrap, unshare and its set-up, setpriv, setsid or prlimit said so and
     * nothing else was written): a failure of the worker, not of the job.
     */
    public boolean setUpFailed() {
        return outcome == JobOutcome.FAILED && !hasOutput && !outputTail.isEmpty()
                && messages().stream().allMatch(line -> SET_UP_PROGRAMS.stream().anyMatch(line::startsWith));
    }

    /** The output tail without the {@code stdout: }/{@code stderr: } labels. */
    public List<String> messages() {
        return outputTail.stream().map(line -> line.replaceFirst("^std(out|err): ", "")).toList();
    }

    /**
     * Whether the failure may be the worker's: ssrun's own failure (125) or a program not found (127, e.g. POV-Ray
     * gone); the worker checks itself after such a job.
     */
    public boolean mayBeTheWorkers() {
        return outcome == JobOutcome.FAILED && (exitCode == 125 || exitCode == 127);
    }

    /**
     * Opens output.data for the Download phase without following a symbolic link, so a job cannot make the worker
     * send a file it points to.
     */
    public InputStream openOutput() throws IOException {
        if (!hasOutput) {
            throw new NoSuchFileException(outputFile.toString(), null, "ssrun left no output.data");
        }
        return Files.newInputStream(outputFile, LinkOption.NOFOLLOW_LINKS);
    }

    /** One line for logs and error messages. */
    public String summary() {
        String what = switch (outcome) {
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed with exit code " + exitCode + (exitCode > 128 && exitCode < 160
                    ? " (killed by signal " + (exitCode - 128) + ")" : "");
            case NO_OUTPUT -> "exited 0 but left no output.data";
            case TIMED_OUT -> "was killed at the wall-clock limit";
            case DISK_LIMIT -> "was killed: the session directory passed its disk limit";
            case KILLED -> "was killed";
        };
        return "ssrun " + what + " after " + elapsed.toMillis() + " ms"
                + (outcome == JobOutcome.SUCCEEDED || outputTail.isEmpty() ? ""
                        : "; last output: " + outputTail.get(outputTail.size() - 1));
    }
}
