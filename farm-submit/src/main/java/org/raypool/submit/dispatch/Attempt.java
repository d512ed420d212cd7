package org.raypool.submit.dispatch;

import org.raypool.submit.session.Worker;

/** One try at one job, run on a thread of its own; {@link #cancel} may come from any thread. */
public interface Attempt {

    AttemptResult run() throws InterruptedException;

    void cancel();

    /** Makes the attempts for the dispatcher: real sessions in the program, scripted ones in tests. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param job       the job, whose {@link JobRecord#gate(long)} guards the output for {@code attemptId}
         * @param worker    the worker with a free slot the dispatcher chose for this attempt
         * @param progress  where the attempt reports its steps
         */
        Attempt create(JobRecord job, long attemptId, Worker worker, AttemptProgress progress);
    }
}
