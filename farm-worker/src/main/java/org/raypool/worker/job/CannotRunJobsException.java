package org.raypool.worker.job;

/** The start-up {@link SelfCheck} found that this worker cannot run jobs; the message is what and the fix. */
public final class CannotRunJobsException extends Exception {
    public CannotRunJobsException(SelfCheck.Problem problem) {
        super(problem.line(), null, false, false);
    }
}
