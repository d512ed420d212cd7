package org.raypool.submit.session;

import java.nio.file.Path;
import java.util.Optional;

/** How one session with one worker ended. */
public sealed interface SessionOutcome {

    /**
     * The job ran to its end on the worker and the results file was downloaded completely.
     *
     * @param status     the job's exit status from the final Status message (0 = success)
     * @param results    the downloaded results file (a tar.gz from ssrun)
     * @param workerInfo the host name the worker sent in its Ready message
     */
    record Completed(int status, Path results, String workerInfo) implements SessionOutcome {}

    /**
     * The session failed over (§6.3 FAILOVER); the partial results file has been deleted.
     *
     * @param status the job's exit status when {@code kind} is {@link FailureKind#JOB_FAILED}
     */
    record Failed(FailureKind kind, String detail, Optional<Integer> status, String workerInfo) implements SessionOutcome {
        public Failed(FailureKind kind, String detail, String workerInfo) {
            this(kind, detail, Optional.empty(), workerInfo);
        }

        @Override
        public String toString() {
            return kind.description() + ": " + detail;
        }
    }
}
