package org.raypool.worker.session;

import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.raypool.worker.job.EnvironmentCache;
import org.raypool.worker.job.ScriptRunner;
import org.raypool.worker.job.WorkPackageUnpacker;

/**
 * The job-execution core the sessions of one worker share.
 *
 * @param cache       the environment cache
 * @param unpacker    safe unpacking with the configured limits
 * @param runner      starts ssrun in the sandbox
 * @param preparation runs unpacking and job start off the session threads, so keep-alives keep flowing meanwhile
 * @param workerSide  told when a job failed, or may have failed, for a reason of the worker's own (the reason), so
 *                    that the worker checks itself
 */
record JobServices(EnvironmentCache cache, WorkPackageUnpacker unpacker, ScriptRunner runner,
        ExecutorService preparation, Consumer<String> workerSide) {
}
