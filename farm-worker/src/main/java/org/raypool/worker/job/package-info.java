/**
 * Job execution on the worker: what scriptingcontrol does in RSPLIB (docs/protocol/scripting-service.md §5.3), natively
 * and confined.
 *
 * <p>Call order for one session (docs/protocol/scripting-service.md §5.2), all blocking calls off the network thread:
 * <ol>
 *   <li>{@link org.raypool.worker.job.SessionDirectory#create} when the association is accepted.</li>
 *   <li>UPLOAD: append to {@code input.data}, calling {@link org.raypool.worker.job.WorkPackageLimits#checkUploadSize}
 *       with the running total; on Environment,
 *       {@link org.raypool.worker.job.EnvironmentCache#lookup} into {@code environment.data}; after an uploaded
 *       environment passed check-environment, {@link org.raypool.worker.job.EnvironmentCache#store} (before the
 *       job starts: the job may change environment.data).</li>
 *   <li>Before Status(0): {@link org.raypool.worker.job.WorkPackageUnpacker#unpack}. A
 *       {@link org.raypool.worker.job.WorkPackageException} is a failed job (RSPLIB's scriptingcontrol exits 1).</li>
 *   <li>{@link org.raypool.worker.job.ScriptRunner#start}, then {@link org.raypool.worker.job.RunningJob#poll} on
 *       each 1-s tick; {@link org.raypool.worker.job.RunningJob#kill} on abort or keep-alive timeout.</li>
 *   <li>Status({@link org.raypool.worker.job.JobResult#status}); DOWNLOAD from
 *       {@link org.raypool.worker.job.JobResult#openOutput} when {@code hasOutput()}, else ABORT.</li>
 *   <li>{@link org.raypool.worker.job.SessionDirectory#delete} before closing the association.</li>
 * </ol>
 *
 * <p>At start-up the CLI resolves the sandbox once ({@link org.raypool.worker.job.Sandbox#resolve}) with the cache
 * directory among the hidden paths, and shares one {@code ScriptRunner} and one {@code EnvironmentCache}.
 */
package org.raypool.worker.job;
