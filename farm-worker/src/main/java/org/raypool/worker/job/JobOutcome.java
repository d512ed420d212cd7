package org.raypool.worker.job;

/** How a job ended, as far as the session layer needs to tell cases apart. */
public enum JobOutcome {
    /** ssrun exited 0 and left output.data: send Status(0), then download. */
    SUCCEEDED,
    /** ssrun exited non-zero or was killed by a signal it caused (rlimit): send Status(exit code). */
    FAILED,
    /**
     * ssrun exited 0 without leaving a regular output.data: the session aborts
     * (docs/protocol/scripting-service.md §5.2 DOWNLOAD).
     */
    NO_OUTPUT,
    /** The wall-clock limit was reached and the process tree was killed. */
    TIMED_OUT,
    /** The session directory grew past {@link JobLimits#maxDiskBytes()} and the process tree was killed. */
    DISK_LIMIT,
    /** {@link RunningJob#kill()} ended it (session abort, keep-alive timeout, shutdown). */
    KILLED
}
