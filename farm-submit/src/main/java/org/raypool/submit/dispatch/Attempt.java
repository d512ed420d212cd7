package org.raypool.submit.dispatch;

/** One try at one job, run on a thread of its own; {@link #cancel} may come from any thread. */
public interface Attempt {

    AttemptResult run() throws InterruptedException;

    void cancel();

    /** Makes the attempts for the dispatcher: real sessions in the program, scripted ones in tests. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param job       the job, whose {@link JobRecord#gate(long)} guards the output for {@code attemptId}
         * @param avoid     PE identifiers of workers that failed this job
         * @param lastTrial whether a job failure now is final (its results are then downloaded for the log)
         * @param progress  where the attempt reports its steps
         */
        Attempt create(JobRecord job, long attemptId, java.util.Set<Integer> avoid, boolean lastTrial,
                AttemptProgress progress);
    }
}
