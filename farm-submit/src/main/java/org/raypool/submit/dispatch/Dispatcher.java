package org.raypool.submit.dispatch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.raypool.asap.NoRegistrarException;
import org.raypool.asap.UnknownPoolException;
import org.raypool.submit.failure.RenderFailure;
import org.raypool.submit.session.FailureKind;
import org.raypool.submit.session.Worker;
import org.raypool.submit.session.WorkerDirectory;
import org.raypool.submit.session.WorkerDirectory.PoolMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a batch of jobs on the farm with no idle slot: as many sessions as the pool has free slots ({@link SlotBook},
 * from handle resolution and our own sessions), at most {@code parallel}, each to a worker with a free slot; the rest
 * wait in a queue. A slot that frees gets the next job at once; a worker busy with other users (Not Ready) or lost
 * (reset, closed, silent) sends its job straight back to the queue for another slot; only a failed job or a broken
 * session waits before its retry ({@link RetryPolicy}, the only place with retry rules). Workers that failed a job
 * are avoided for that job, workers that failed one for worker-side reasons ({@link RenderFailure}) for the whole
 * batch, workers that look gone are reported to the registrar. A job that POV-Ray stops on an error in the user's
 * own files fails at once; jobs that find only workers bad for the batch fail saying so. An empty pool is waited
 * for ({@link EmptyPoolWait}).
 *
 * <p>All bookkeeping happens on the thread that called {@link #run()}: attempts and handle resolutions run on
 * threads of their own and hand their results back as events, retries come back from a timer as events. An
 * attempt that shows no sign of life for {@code stallTimeout} (no message, no byte, no step) is given up and its job
 * queued again; the attempt id then refuses whatever the old attempt might still deliver ({@link JobRecord#gate}).
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final long STOP_GRACE_MILLIS = 5_000;
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Queued jobs whose packages are built ahead: a few, as each one's package stays in memory until it ends. */
    static final int PREPARED_AHEAD = 2;

    /** Told about every change of a job's state, on the dispatcher's thread. Must not block. */
    public interface Listener {
        void changed(JobRecord job);
    }

    /** Keeps the log of a failed job beside its image; returns the file, or null if there is nothing to keep. */
    public interface FailureLogs {
        Path keep(JobRecord job, String log) throws IOException;
    }

    /**
     * What to do while the pool has no worker and jobs wait: {@code notice} is told once when the wait begins
     * (waited 0) and then every {@code reminder}; after {@code bound} (empty: never) the batch stops with
     * {@code gaveUp} as its fatal message, keeping the jobs done so far.
     */
    public record EmptyPoolWait(Optional<Duration> bound, Duration reminder, Consumer<Duration> notice, String gaveUp) {
        public static final EmptyPoolWait FOREVER = new EmptyPoolWait(Optional.empty(), Duration.ofMinutes(1), d -> {},
                "");
    }

    /** How the batch ended. {@code fatal}: why it was stopped early (e.g. no registrar reachable). */
    public record Outcome(List<JobRecord> jobs, Optional<String> fatal, boolean cancelled) {
        public boolean allRendered() {
            return fatal.isEmpty() && !cancelled && jobs.stream().allMatch(j -> j.state().isSuccess());
        }
    }

    private final List<JobRecord> jobs;
    private final int parallel;
    private final RetryPolicy retry;
    private final Attempt.Factory attempts;
    private final WorkerDirectory directory;
    private final FailureLogs failureLogs;
    private final Listener listener;
    private final Duration stallTimeout;

    private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final Deque<JobRecord> ready = new ArrayDeque<>();
    private final Map<JobRecord, Running> running = new HashMap<>();
    private final Map<JobRecord, ScheduledFuture<?>> waiting = new HashMap<>();
    private final SlotBook slots = new SlotBook();
    private EmptyPoolWait emptyPoolWait = EmptyPoolWait.FOREVER;
    private long emptySince = -1;
    private long lastNotice;
    private boolean waitExpired;
    private boolean warnedNoRegistrar;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "attempt-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService resolver = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "handle-resolution");
        t.setDaemon(true);
        return t;
    });
    /** Builds the work packages of the next queued jobs while the slots are busy ({@link #prepareAhead}). */
    private final ExecutorService packer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "package-ahead");
        t.setDaemon(true);
        return t;
    });
    private Consumer<JobRecord> prepare = job -> {};
    private final Set<JobRecord> prepared = new java.util.HashSet<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "retry-timer");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopRequested;
    private boolean stopping;
    private boolean reachedRegistrar;
    private String fatal;
    private int mostRunning;
    /** Workers that failed a job of this batch for worker-side reasons: PE identifier to worker and reason. */
    private final Map<Integer, String> badWorkers = new LinkedHashMap<>();

    private static final class Running {
        final long attemptId;
        final Attempt attempt;
        final Worker worker;
        volatile long lastSign = System.nanoTime();
        /** The session is over and its slot given back; the attempt may still be storing the image. */
        boolean slotFreed;

        Running(long attemptId, Attempt attempt, Worker worker) {
            this.attemptId = attemptId;
            this.attempt = attempt;
            this.worker = worker;
        }
    }

    /**
     * @param parallel  at most this many sessions at once (--parallel), however many slots are free
     * @param directory where the pool's workers and their free slots are found, and lost ones reported
     */
    public Dispatcher(List<JobRecord> jobs, int parallel, RetryPolicy retry, Attempt.Factory attempts,
            WorkerDirectory directory, FailureLogs failureLogs, Listener listener, Duration stallTimeout) {
        if (parallel < 1) throw new IllegalArgumentException("parallel must be >= 1");
        this.jobs = List.copyOf(jobs);
        this.parallel = parallel;
        this.retry = retry;
        this.attempts = attempts;
        this.directory = directory;
        this.failureLogs = failureLogs;
        this.listener = listener;
        this.stallTimeout = stallTimeout;
    }

    /** Runs every queued job to its end (or until {@link #cancel()}); returns how the batch ended. */
    public Outcome run() throws InterruptedException {
        for (JobRecord job : jobs) {
            if (job.state() == JobState.QUEUED) ready.add(job);
        }
        long stopDeadline = Long.MAX_VALUE;
        try {
            while (true) {
                if (stopRequested && !stopping) stop("stopped");
                long wake = dispatch(millis());
                if (running.isEmpty() && (stopping || (ready.isEmpty() && waiting.isEmpty()))) break;
                if (stopping && stopDeadline == Long.MAX_VALUE) stopDeadline = System.nanoTime() + STOP_GRACE_MILLIS * 1_000_000;
                if (System.nanoTime() > stopDeadline) {
                    for (JobRecord job : List.copyOf(running.keySet())) {
                        running.remove(job);
                        job.abandonCurrent();
                        finish(job, JobState.CANCELLED, "stopped while running");
                    }
                    break;
                }
                Runnable event = events.poll(Math.max(1, Math.min(200, wake - millis())), TimeUnit.MILLISECONDS);
                if (event != null) event.run();
                watchdog();
            }
        } finally {
            for (ScheduledFuture<?> f : waiting.values()) f.cancel(false);
            timer.shutdownNow();
            resolver.shutdownNow();
            packer.shutdownNow();
            threads.shutdown();
        }
        return new Outcome(jobs, Optional.ofNullable(fatal), stopRequested && fatal == null);
    }

    /** Stops the batch from any thread (Ctrl-C): running sessions are aborted, nothing new starts. */
    public void cancel() {
        stopRequested = true;
        events.add(() -> {});
    }

    /**
     * Says that a registrar has answered already (the caller resolved the pool before the batch): from then on a
     * registrar that does not answer is a reason to retry later, not to stop the batch.
     */
    public Dispatcher registrarReached() {
        reachedRegistrar = true;
        return this;
    }

    /**
     * How to get a queued job ready before it has a slot (build its work package): done for the next
     * {@link #PREPARED_AHEAD} queued jobs on a thread of its own, so a slot that frees starts the upload at once.
     */
    public Dispatcher prepareAhead(Consumer<JobRecord> prepare) {
        this.prepare = prepare;
        return this;
    }

    /** Sets what happens while the pool is empty (default: wait forever, saying nothing). */
    public Dispatcher emptyPoolWait(EmptyPoolWait wait) {
        this.emptyPoolWait = wait;
        return this;
    }

    /** True when the batch stopped because the pool stayed empty for the {@link EmptyPoolWait}'s bound. */
    public boolean waitExpired() {
        return waitExpired;
    }

    /** The workers that failed a job for worker-side reasons and got no further job: PE identifier to why. */
    public Map<Integer, String> badWorkers() {
        return Map.copyOf(badWorkers);
    }

    /** The most sessions that ever ran at once (for tests of the bound). */
    public int mostRunning() {
        return mostRunning;
    }

    private static long millis() {
        return System.nanoTime() / 1_000_000;
    }

    /**
     * Gives every free slot a queued job, asks for a handle resolution when jobs wait and no slot is free, and
     * watches an empty pool; returns when the loop should look again at the latest (a due resolution).
     */
    private long dispatch(long now) {
        long wake = now + 200;
        if (stopping) return wake;
        Set<Integer> never = badWorkers.keySet();
        while (sessions() < parallel && !ready.isEmpty()) {
            JobRecord job = ready.peek();
            Optional<Worker> worker = slots.place(job.avoidSnapshot(), never, now);
            if (worker.isEmpty()) break;
            ready.poll();
            start(job, worker.get());
        }
        prepareNext();
        if (ready.isEmpty() || sessions() >= parallel) {
            emptySince = -1;
            return wake;
        }
        if (slots.onlyWorkersIn(never)) {
            String why = "every worker failed for worker-side reasons: " + String.join("; ", badWorkers.values());
            while (!ready.isEmpty()) {
                JobRecord job = ready.poll();
                failFinally(job, why, header(job, why, List.of()));
            }
            return wake;
        }
        if (slots.resolutionDue(true, now)) resolve(now);
        watchEmptyPool(now);
        return Math.min(wake, Math.max(now + 1, Math.min(slots.nextResolution(), slots.nextRelease(now))));
    }

    private void prepareNext() {
        int n = 0;
        for (JobRecord job : ready) {
            if (n++ >= PREPARED_AHEAD) break;
            if (prepared.add(job)) packer.execute(() -> prepare.accept(job));
        }
    }

    /** Attempts whose session still holds a slot. */
    private int sessions() {
        int n = 0;
        for (Running r : running.values()) {
            if (!r.slotFreed) n++;
        }
        return n;
    }

    /** Gives {@code r}'s slot back once, when its session ended or the attempt did. */
    private void freeSlot(Running r, long now, boolean heldSlot) {
        if (r.slotFreed) return;
        r.slotFreed = true;
        slots.closed(r.worker.identifier(), now, heldSlot);
    }

    private void resolve(long now) {
        slots.resolving(now);
        resolver.execute(() -> {
            Runnable event;
            try {
                List<PoolMember> members = directory.members();
                event = () -> resolved(members);
            } catch (UnknownPoolException e) {
                event = () -> resolved(List.of());
            } catch (NoRegistrarException e) {
                event = () -> noRegistrar(e.getMessage());
            } catch (java.io.IOException | RuntimeException e) {
                event = () -> noRegistrar("handle resolution failed: " + e.getMessage());
            } catch (InterruptedException e) {
                return;
            }
            events.add(event);
        });
    }

    private void resolved(List<PoolMember> members) {
        reachedRegistrar = true;
        warnedNoRegistrar = false;
        slots.resolved(members, millis());
    }

    private void noRegistrar(String detail) {
        slots.resolutionFailed();
        if (!reachedRegistrar) {
            fatal = detail;
            stop(fatal);
        } else if (!warnedNoRegistrar) {
            warnedNoRegistrar = true;
            LOG.warn("handle resolution: {}; trying again while jobs wait", detail);
        }
    }

    /** While the pool is empty and jobs wait with nothing running: tell, remind, and give up after the bound. */
    private void watchEmptyPool(long now) {
        if (!slots.poolEmpty() || !running.isEmpty()) {
            emptySince = -1;
            return;
        }
        if (emptySince < 0) {
            emptySince = now;
            lastNotice = now;
            emptyPoolWait.notice().accept(Duration.ZERO);
        } else if (now - lastNotice >= emptyPoolWait.reminder().toMillis()) {
            lastNotice = now;
            emptyPoolWait.notice().accept(Duration.ofMillis(now - emptySince));
        }
        if (emptyPoolWait.bound().isPresent() && now - emptySince >= emptyPoolWait.bound().get().toMillis()) {
            waitExpired = true;
            fatal = emptyPoolWait.gaveUp();
            stop(fatal);
        }
    }

    private void start(JobRecord job, Worker worker) {
        long attemptId = job.startAttempt();
        Running[] slot = new Running[1];
        AttemptProgress progress = new Progress(job, attemptId, () -> slot[0]);
        Attempt attempt = attempts.create(job, attemptId, worker, progress);
        slots.opened(worker);
        Running r = new Running(attemptId, attempt, worker);
        slot[0] = r;
        running.put(job, r);
        mostRunning = Math.max(mostRunning, sessions());
        show(job, JobState.CONNECTING, job.attempts() > 1 ? "attempt " + job.attempts() : "");
        threads.execute(() -> {
            AttemptResult result;
            try {
                result = attempt.run();
            } catch (InterruptedException e) {
                result = new AttemptResult.SessionFailed(FailureKind.CANCELLED, "interrupted", null);
            } catch (RuntimeException | Error e) {
                LOG.error("{}: attempt {} failed unexpectedly", job.name(), attemptId, e);
                result = new AttemptResult.LocalError("internal error: " + e);
            }
            AttemptResult r2 = result;
            events.add(() -> finished(job, attemptId, r2));
        });
    }

    private void finished(JobRecord job, long attemptId, AttemptResult result) {
        Running r = running.get(job);
        if (r == null || r.attemptId != attemptId) {
            LOG.info("{}: late result of abandoned attempt {} ignored: {}", job.name(), attemptId, result);
            return;
        }
        running.remove(job);
        long now = millis();
        freeSlot(r, now, !(result instanceof AttemptResult.SessionFailed f && f.kind() == FailureKind.NOT_READY));
        if (!(result instanceof AttemptResult.BadScene || result instanceof AttemptResult.LocalError)) {
            reachedRegistrar = true;
        }
        if (result instanceof AttemptResult.Rendered rendered) {
            job.rendered(rendered.image());
            finish(job, JobState.DONE, "");
        } else if (stopping) {
            finish(job, JobState.CANCELLED, fatal == null ? "stopped" : "stopped: " + fatal);
        } else if (result instanceof AttemptResult.JobFailed failed) {
            onJobFailed(job, failed);
        } else if (result instanceof AttemptResult.SessionFailed failed) {
            onSessionFailed(job, failed, now);
        } else if (result instanceof AttemptResult.BadScene bad) {
            failFinally(job, bad.message(), bad.message() + "\n");
        } else if (result instanceof AttemptResult.LocalError error) {
            failFinally(job, error.message(), null);
        } else {
            queueAgain(job, "attempt superseded");
        }
    }

    /**
     * A busy worker (Not Ready) counts as full and a lost one as gone ({@link SlotBook}); either way the job goes
     * straight back to the head of the queue for another free slot. Other session failures (a broken session)
     * wait for their retry as the policy says.
     */
    private void onSessionFailed(JobRecord job, AttemptResult.SessionFailed failed, long now) {
        FailureKind kind = failed.kind();
        Worker worker = failed.worker();
        String why = kind.description() + (worker == null ? "" : " " + worker.id());
        if (worker != null) {
            if (kind == FailureKind.NOT_READY) {
                slots.notReady(worker.identifier(), now);
            } else {
                job.avoid(worker.identifier());
            }
            if (kind.workerUnreachable()) {
                slots.lost(worker.identifier(), now);
                job.failedOver();
                directory.reportUnreachable(worker);
                LOG.info("{}: {} ({}); queued again at once", job.name(), why, failed.detail());
            }
        }
        if (retry.waitsAfter(kind)) {
            retryLater(job, false, why);
        } else {
            queueAgain(job, why);
        }
    }

    /** Back to the head of the queue, for the next free slot; no wait. */
    private void queueAgain(JobRecord job, String why) {
        show(job, JobState.QUEUED, why);
        ready.addFirst(job);
    }

    /**
     * A user error fails the job at once; a worker-side failure is retried on another worker (as often as the
     * retry policy allows), and that worker gets no further job of the batch.
     */
    private void onJobFailed(JobRecord job, AttemptResult.JobFailed failed) {
        RenderFailure failure = failed.failure();
        String worker = failed.worker() == null ? "" : workerName(job, failed.worker());
        String on = worker.isEmpty() ? "" : " on worker " + worker;
        job.countFailure(true);
        job.noteFailure("attempt " + job.attempts() + on + ": " + failure.reason());
        if (!failure.isUsers() && failed.worker() != null) {
            job.avoid(failed.worker().identifier());
            if (badWorkers.putIfAbsent(failed.worker().identifier(), worker + ": " + failure.reason()) == null) {
                LOG.warn("worker {} gets no further job of this batch: {}", worker, failure.reason());
            }
        }
        if (retry.retryAfterJobFailure(failure.side(), job.jobFailures())) {
            scheduleRetry(job, failure.reason() + on);
            return;
        }
        String header = header(job, failure.reason(), failure.isUsers()
                ? List.of("not retried: POV-Ray stopped on an error in your own files, which every worker would report"
                        + " alike")
                : List.of("gave up after " + job.attempts() + " attempt" + (job.attempts() == 1 ? "" : "s")
                        + " (--max-retry " + retry.maxRetry() + "); each failed for reasons that can lie with the worker:"));
        failFinally(job, failure.reason(), failed.log().isEmpty() ? header
                : header + "farm-submit: the render log" + on + " follows\n\n" + failed.log());
    }

    /** The head of a failed job's log: the scene, why it failed, {@code notes}, then each failed run. */
    private static String header(JobRecord job, String why, List<String> notes) {
        StringBuilder header = new StringBuilder("farm-submit: " + job.job().scene() + " failed: " + why + "\n");
        for (String note : notes) header.append("farm-submit: ").append(note).append('\n');
        for (String attempt : job.failureHistory()) header.append("farm-submit:   ").append(attempt).append('\n');
        return header.toString();
    }

    /** The worker as the display names it ("node1 0x1a2b3c4d (10.0.0.5:40001)"), else by its PE identifier. */
    private static String workerName(JobRecord job, Worker worker) {
        return job.worker().contains(worker.id()) ? job.worker() : worker.label();
    }

    private void failFinally(JobRecord job, String why, String log) {
        Path logFile = null;
        if (log != null) {
            try {
                logFile = failureLogs.keep(job, log);
            } catch (IOException e) {
                LOG.warn("{}: cannot keep the log: {}", job.name(), e.getMessage());
            }
        }
        job.failed(why, tailOf(log), logFile);
        finish(job, JobState.FAILED, why);
    }

    private static String tailOf(String log) {
        if (log == null) return "";
        String[] lines = log.strip().split("\r?\n");
        int from = Math.max(0, lines.length - 12);
        return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }

    private void retryLater(JobRecord job, boolean byTheJob, String why) {
        job.countFailure(byTheJob);
        scheduleRetry(job, why);
    }

    private void scheduleRetry(JobRecord job, String why) {
        Duration delay = retry.delay(job.failures());
        int n = job.attempts();
        show(job, JobState.RETRY_WAIT, "retry " + n + " in " + seconds(delay) + ": " + why);
        LOG.info("{}: attempt {} failed ({}); retry in {} ms", job.name(), n, why, delay.toMillis());
        waiting.put(job, timer.schedule(() -> events.add(() -> {
            if (waiting.remove(job) == null) return;
            if (stopping) {
                finish(job, JobState.CANCELLED, "stopped");
            } else {
                show(job, JobState.QUEUED, "retry " + n);
                ready.add(job);
            }
        }), delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }

    private void watchdog() {
        long now = System.nanoTime();
        for (Map.Entry<JobRecord, Running> e : List.copyOf(running.entrySet())) {
            Running r = e.getValue();
            if (now - r.lastSign > stallTimeout.toNanos()) {
                JobRecord job = e.getKey();
                LOG.warn("{}: attempt {} showed no sign of life for {} ms; giving it up", job.name(), r.attemptId,
                        stallTimeout.toMillis());
                running.remove(job);
                job.abandon(r.attemptId);
                r.attempt.cancel();
                job.failedOver();
                long at = millis();
                freeSlot(r, at, true);
                slots.lost(r.worker.identifier(), at);
                queueAgain(job, "attempt stalled on " + r.worker.id());
            }
        }
    }

    private void stop(String why) {
        if (stopping) return;
        stopping = true;
        LOG.info("stopping the batch: {}", why);
        for (Running r : running.values()) r.attempt.cancel();
        for (JobRecord job : List.copyOf(waiting.keySet())) {
            waiting.remove(job).cancel(false);
            finish(job, JobState.CANCELLED, "stopped");
        }
        while (!ready.isEmpty()) finish(ready.poll(), JobState.CANCELLED, "stopped");
    }

    private void finish(JobRecord job, JobState state, String detail) {
        job.releasePackage();
        show(job, state, detail);
    }

    private void show(JobRecord job, JobState state, String detail) {
        job.show(state, detail);
        listener.changed(job);
    }

    /** Turns an attempt's callbacks into job states (on the dispatcher's thread) and signs of life. */
    private final class Progress implements AttemptProgress {
        private final JobRecord job;
        private final long attemptId;
        private final java.util.function.Supplier<Running> running;

        Progress(JobRecord job, long attemptId, java.util.function.Supplier<Running> running) {
            this.job = job;
            this.attemptId = attemptId;
            this.running = running;
        }

        private void sign() {
            Running r = running.get();
            if (r != null) r.lastSign = System.nanoTime();
        }

        private void step(JobState state, String detail, String worker) {
            sign();
            events.add(() -> {
                if (!job.isCurrent(attemptId) || job.state().isTerminal()) return;
                if (worker != null) job.worker(worker);
                show(job, state, detail);
            });
        }

        @Override
        public void connecting(Worker worker) {
            events.add(() -> {
                if (job.isCurrent(attemptId)) job.session(worker.identifier());
            });
            step(JobState.CONNECTING, worker.id(), worker.label());
        }

        @Override
        public void uploading(String workerInfo) {
            sign();
            events.add(() -> {
                if (!job.isCurrent(attemptId) || job.state().isTerminal()) return;
                job.sessionConnected();
                if (!workerInfo.isEmpty() && !job.worker().startsWith(workerInfo)) job.worker(workerInfo + " " + job.worker());
                show(job, JobState.UPLOADING, "");
            });
        }

        @Override
        public void processing(String workerInfo) {
            step(JobState.RENDERING, "", null);
        }

        @Override
        public void downloading(int status) {
            step(JobState.DOWNLOADING, status == 0 ? "" : "exit " + Integer.toUnsignedString(status), null);
        }

        @Override
        public void activity() {
            sign();
        }

        @Override
        public void sessionEnded() {
            events.add(() -> {
                Running r = running.get();
                if (r != null) freeSlot(r, millis(), true);
            });
        }
    }
}
