package org.raypool.submit.dispatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.raypool.submit.failure.RenderFailure;
import org.raypool.submit.output.DownloadBound;
import org.raypool.submit.output.Manifest;
import org.raypool.submit.output.OutputCollector;
import org.raypool.submit.output.ResultArchive;
import org.raypool.submit.pack.PackageBuilder;
import org.raypool.submit.pack.PackageException;
import org.raypool.submit.pack.WorkPackage;
import org.raypool.submit.session.FailureKind;
import org.raypool.submit.session.SessionOutcome;
import org.raypool.submit.session.SessionTimers;
import org.raypool.submit.session.ClientSessionRunner;
import org.raypool.submit.session.Worker;

/**
 * One real attempt at a job, as a small command: pack the scene (once per job), run one
 * {@link ClientSessionRunner} with the worker the dispatcher chose, and put the image into the output folder through the
 * job's gate for this attempt. A failed render is classified ({@link RenderFailure}) from its log, which comes down
 * for every failure. Results larger than the job can produce ({@link DownloadBound}) or unusable ones are the
 * worker's fault: a worker-side failure, so the job goes elsewhere and the worker gets nothing more of the batch.
 */
public final class RenderAttempt implements Attempt {

    /**
     * What every attempt of a batch shares. {@code inputsHashes}: {@link PackageBuilder#inputsHash} of each job as
     * the batch was planned, by output file name, for the manifest (a job without one is rendered again next time).
     * {@code keepLogs}: keep the log of a rendered job too ({@link OutputCollector#logFile}), as previews need their
     * POV-Ray statistics (docs/bands-auto.md). {@code maxResultHeaderBytes}: the result archive's header guard
     * ({@code --max-result-header}).
     */
    public record Context(PackageBuilder builder, SessionTimers timers,
            OutputCollector output, String pool, Map<String, String> inputsHashes, boolean keepLogs,
            long maxResultHeaderBytes, org.raypool.transport.tls.TlsPolicy workerTls) {

        /** Open mode (no TLS), logs kept for failed jobs only, the default header guard. */
        public Context(PackageBuilder builder, SessionTimers timers, OutputCollector output, String pool,
                Map<String, String> inputsHashes) {
            this(builder, timers, output, pool, inputsHashes, false, ResultArchive.DEFAULT_MAX_HEADER_BYTES, null);
        }

        /** Builds a queued job's work package ahead of its attempt (kept in the job); a bad scene fails later. */
        public java.util.function.Consumer<JobRecord> prepare() {
            return job -> {
                try {
                    job.workPackage(builder);
                } catch (PackageException e) {
                    // the attempt builds it again and fails the job with this message
                }
            };
        }

        /** The factory the dispatcher uses. */
        public Attempt.Factory factory() {
            return (job, attemptId, worker, progress) -> new RenderAttempt(this, job, attemptId, worker, progress);
        }
    }

    private final Context context;
    private final JobRecord job;
    private final long attemptId;
    private final Worker worker;
    private final AttemptProgress progress;
    private volatile ClientSessionRunner session;
    private volatile boolean cancelled;

    RenderAttempt(Context context, JobRecord job, long attemptId, Worker worker, AttemptProgress progress) {
        this.context = context;
        this.job = job;
        this.attemptId = attemptId;
        this.worker = worker;
        this.progress = progress;
    }

    @Override
    public AttemptResult run() throws InterruptedException {
        WorkPackage workPackage;
        try {
            workPackage = job.workPackage(context.builder());
        } catch (PackageException e) {
            return new AttemptResult.BadScene(e.getMessage());
        }
        progress.activity();
        progress.connecting(worker);
        ClientSessionRunner s = new ClientSessionRunner(context.timers(), progress,
                "pool '" + context.pool() + "' " + job.name() + " attempt " + attemptId, context.workerTls());
        session = s;
        if (cancelled) s.cancel();
        Path results;
        SessionOutcome outcome;
        long started = System.nanoTime();
        try {
            results = context.output().resultsFile(job.job(), attemptId);
            // a failed job's results always come down: its log tells a user error from a worker-side one
            outcome = s.run(worker, workPackage.archive(), Optional.empty(), true, DownloadBound.forJob(job.job()),
                    results);
        } catch (IOException e) {
            return new AttemptResult.LocalError("cannot write the results of " + job.name() + " here: " + e.getMessage());
        }
        if (outcome instanceof SessionOutcome.Failed failed) {
            if (failed.kind() == FailureKind.RESULTS_TOO_LARGE || failed.kind() == FailureKind.NOT_AUTHENTICATED) {
                return new AttemptResult.JobFailed(failed.status().orElse(0), RenderFailure.worker(failed.detail()), "",
                        worker);
            }
            if (failed.status().isPresent()) return jobFailed(failed.status().get(), "", workPackage, worker);
            return new AttemptResult.SessionFailed(failed.kind(), failed.detail(), worker);
        }
        SessionOutcome.Completed done = (SessionOutcome.Completed) outcome;
        // the slot is free while the image is stored; not after a failure, whose worker may be bad for the batch
        if (done.status() == 0) progress.sessionEnded();
        try {
            ResultArchive archive;
            try {
                archive = ResultArchive.read(done.results(), job.job().format(), context.maxResultHeaderBytes());
            } catch (ResultArchive.BadResultsException e) {
                if (done.status() != 0) return jobFailed(done.status(), "", workPackage, worker);
                return new AttemptResult.JobFailed(0, RenderFailure.worker("unusable results: " + e.getMessage()), "",
                        worker);
            }
            if (done.status() != 0) return jobFailed(done.status(), archive.log(), workPackage, worker);
            if (archive.image().isEmpty()) {
                return new AttemptResult.JobFailed(0, RenderFailure.worker("the job reported success but sent no image"),
                        archive.log(), worker);
            }
            Manifest.Provenance made = new Manifest.Provenance(
                    context.inputsHashes().getOrDefault(job.job().outputFileName(), ""),
                    (System.nanoTime() - started) / 1e9,
                    done.workerInfo().isEmpty() ? worker.label() : done.workerInfo() + " " + worker.label(), Instant.now());
            boolean stored = context.output().storeImage(job.job(), archive.image().get(), archive.preview(), made,
                    job.gate(attemptId));
            if (!stored) return new AttemptResult.Superseded();
            if (context.keepLogs()) context.output().storeLog(job.job(), archive.log());
            return new AttemptResult.Rendered(context.output().imageFile(job.job()), worker, done.workerInfo());
        } catch (IOException e) {
            return new AttemptResult.LocalError("cannot write " + context.output().imageFile(job.job()) + ": " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(done.results());
            } catch (IOException e) {
                // the work folder goes at the end anyway
            }
        }
    }

    private static AttemptResult jobFailed(int status, String log, WorkPackage workPackage, Worker worker) {
        return new AttemptResult.JobFailed(status, RenderFailure.classify(status, log, workPackage), log, worker);
    }

    @Override
    public void cancel() {
        cancelled = true;
        ClientSessionRunner s = session;
        if (s != null) s.cancel();
    }
}
