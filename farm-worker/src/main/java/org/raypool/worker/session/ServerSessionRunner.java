package org.raypool.worker.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.raypool.transport.Association;
import org.raypool.transport.CommLost;
import org.raypool.wire.Protocol;
import org.raypool.wire.ProtocolException;
import org.raypool.wire.ssp.Download;
import org.raypool.wire.ssp.Ready;
import org.raypool.wire.ssp.SspCodec;
import org.raypool.wire.ssp.SspMessage;
import org.raypool.wire.ssp.Upload;
import org.raypool.worker.job.JobLabel;
import org.raypool.worker.job.JobOutcome;
import org.raypool.worker.job.JobResult;
import org.raypool.worker.job.JobSpec;
import org.raypool.worker.job.RunningJob;
import org.raypool.worker.job.SessionDirectory;
import org.raypool.worker.job.WorkPackageException;
import org.raypool.worker.session.SspServerSession.Action;
import org.raypool.worker.session.SspServerSession.Event;
import org.raypool.worker.session.SspServerSession.JobRequest;
import org.raypool.worker.session.SspServerSession.UploadFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link SspServerSession} on one association: feeds the machine the association's messages and loss,
 * the job's progress, aborts from outside and timer ticks (at the machine's {@link SspServerSession#nextDeadline()}),
 * and carries out its actions — sends, the upload files, the environment cache, the job, the download of
 * output.data, the session directory, closing or aborting the association.
 *
 * <p>Threading: every event runs on the session's own thread, the only one that touches the machine, so nothing
 * needs a lock. The association's reader thread waits until an Upload is written, which passes the disk's speed
 * back to the sender. Unpacking and starting the job run on the shared preparation pool, so keep-alives keep
 * flowing meanwhile.
 */
public final class ServerSessionRunner {
    private static final Logger log = LoggerFactory.getLogger(ServerSessionRunner.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final String id;
    private final Association association;
    private final SessionDirectory directory;
    private final SessionConfig config;
    private final JobServices services;
    private final Consumer<ServerSessionRunner> onEnd;
    private final Consumer<ServerSessionRunner> onSlotFree;
    /** Whether this session still counts against --max-sessions: until its output is sent, or it ends. */
    private final AtomicBoolean holdsSlot = new AtomicBoolean(true);
    private final ScheduledExecutorService loop;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final SspServerSession session;
    private final long startedNanos = System.nanoTime();

    // Volatile copies for status reports, which read them from other threads.
    private volatile SessionState state = SessionState.UPLOAD;
    private volatile String job;
    private volatile String outcome = "";

    // Owned by the session thread.
    private ScheduledFuture<?> timer;
    private UploadSink input;
    private UploadSink environment;
    private CompletableFuture<RunningJob> preparation;

    ServerSessionRunner(String id, Association association, SessionDirectory directory, SessionConfig config,
            JobServices services, Consumer<ServerSessionRunner> onSlotFree, Consumer<ServerSessionRunner> onEnd) {
        this.id = id;
        this.onSlotFree = onSlotFree;
        this.association = association;
        this.directory = directory;
        this.config = config;
        this.services = services;
        this.onEnd = onEnd;
        this.session = new SspServerSession(config);
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "session-" + id);
            t.setDaemon(true);
            return t;
        });
    }

    /** True once, for whoever frees this session's slot first (its output sent, or its end). */
    boolean giveUpSlot() {
        return holdsSlot.compareAndSet(true, false);
    }

    public String id() {
        return id;
    }

    public Association association() {
        return association;
    }

    public SessionDirectory directory() {
        return directory;
    }

    /** Where the session is now: upload, working, download or closed. */
    public String stateName() {
        return state.name().toLowerCase(Locale.ROOT);
    }

    /** What it renders ({@link JobLabel}), empty before its work package is unpacked. */
    public Optional<String> job() {
        return Optional.ofNullable(job);
    }

    /** How it ended, "" while it runs. */
    public String outcome() {
        return outcome;
    }

    public long ageMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** Completes once the session is cleaned up and its association closed or aborted. */
    public CompletableFuture<Void> ended() {
        return ended.thenApply(v -> v);
    }

    // ---- events, from any thread

    /** Sends Ready and starts waiting for the upload. */
    void start() {
        post(new Event.Start());
    }

    /** One received SSP message, from the association's reader thread. */
    void onMessage(ByteBuffer bytes) {
        Event event;
        try {
            event = new Event.Received(SspCodec.INSTANCE.decode(bytes));
        } catch (ProtocolException e) {
            event = new Event.Malformed(e.getMessage());
        }
        Event handled = event;
        Future<?> done;
        try {
            done = loop.submit(() -> apply(handled));
        } catch (RejectedExecutionException e) {
            return;
        }
        if (event instanceof Event.Received r && r.message() instanceof Upload) {
            awaitQuietly(done);
        }
    }

    /** The association is gone (peer closed or aborted, or our own close completed). */
    void onCommLost(CommLost reason) {
        post(new Event.AssociationLost(reason));
    }

    /** Ends the session from outside (worker stopping): kill the job, clean up, abort the association. */
    void abortFromOutside(String reason) {
        post(new Event.Abort(reason));
    }

    private void post(Event event) {
        try {
            loop.execute(() -> apply(event));
        } catch (RejectedExecutionException e) {
            // the session has ended; nothing is left to do
        }
    }

    // ---- on the session thread

    /** Feeds one event and carries out what follows; a bug in an action still ends the session cleanly. */
    private void apply(Event event) {
        try {
            execute(handle(event));
        } catch (RuntimeException e) {
            log.error("session {}: internal error in state {}", id, session.state(), e);
            execute(handle(new Event.Abort("internal error: " + e)));
        }
        armTimer();
    }

    private List<Action> handle(Event event) {
        List<Action> actions = session.handle(event, nowMillis());
        state = session.state();
        outcome = session.outcome();
        return actions;
    }

    private void execute(List<Action> actions) {
        Deque<Action> todo = new ArrayDeque<>(actions);
        boolean failed = false;
        while (!todo.isEmpty()) {
            Action action = todo.removeFirst();
            if (failed && (action instanceof Action.Send || action instanceof Action.SendOutput)) continue;
            Optional<Event> failure = run(action);
            if (failure.isPresent()) {
                List<Action> next = handle(failure.get());
                if (!next.isEmpty()) {
                    todo.clear();
                    todo.addAll(next);
                } else {
                    failed = true; // the session had already ended: finish that, without sending more
                }
            }
        }
    }

    /** Carries out one action; the event that reports its failure, if it failed. */
    private Optional<Event> run(Action action) {
        if (action instanceof Action.Send send) {
            Optional<Event> failed = send(send.message());
            if (failed.isEmpty() && send.message() instanceof Ready) {
                log.info("session {}: Ready sent to {} ({}), directory {}", id, association.remoteAddresses(),
                        association.id(), directory);
            }
            return failed;
        } else if (action instanceof Action.LookUpEnvironment lookUp) {
            boolean hit;
            try {
                hit = services.cache().lookup(id, lookUp.hash(), directory.environment());
            } catch (IOException | IllegalStateException e) {
                log.warn("session {}: environment cache lookup failed, treating it as a miss: {}", id, e.getMessage());
                hit = false;
            }
            log.info("session {}: environment {} {}", id, lookUp.hash(),
                    hit ? "cached, upload not needed (U=0)" : "not cached, upload needed (U=1)");
            return Optional.of(new Event.EnvironmentLookedUp(lookUp.hash(), hit));
        } else if (action instanceof Action.OpenUpload open) {
            var file = open.file() == UploadFile.INPUT ? directory.input() : directory.environment();
            try {
                UploadSink sink = new UploadSink(file, config.packageLimits().maxUploadBytes(),
                        open.file() == UploadFile.ENVIRONMENT);
                if (open.file() == UploadFile.INPUT) input = sink; else environment = sink;
            } catch (IOException e) {
                return Optional.of(new Event.UploadFailed("cannot create " + file + ": " + e.getMessage()));
            }
        } else if (action instanceof Action.WriteUpload write) {
            UploadSink sink = sink(write.file());
            try {
                boolean wasOver = sink.overLimit();
                sink.append(write.upload().data());
                if (sink.overLimit() && !wasOver) {
                    log.warn("session {}: {} passed the upload limit of {} bytes; receiving the rest without "
                            + "storing it, the package will be refused", id, sink.file().getFileName(), sink.limit());
                }
            } catch (IOException e) {
                return Optional.of(new Event.UploadFailed("cannot write " + sink.file() + ": " + e.getMessage()));
            }
        } else if (action instanceof Action.CloseUpload close) {
            UploadSink sink = sink(close.file());
            try {
                sink.close();
            } catch (IOException e) {
                return Optional.of(new Event.UploadFailed("cannot write " + sink.file() + ": " + e.getMessage()));
            }
            log.info("session {}: received {} ({} bytes)", id, sink.file().getFileName(), sink.bytes());
            return Optional.of(new Event.UploadWritten(close.file(), sink.bytes(), sink.overLimit(),
                    close.file() == UploadFile.ENVIRONMENT ? Optional.of(sink.hash()) : Optional.empty()));
        } else if (action instanceof Action.StartJob start) {
            log.info("session {}: upload accepted, Status(0) sent; processing starts", id);
            startJob(start.request());
        } else if (action instanceof Action.SendOutput) {
            return sendOutput();
        } else if (action instanceof Action.StopJob) {
            closeQuietly(input);
            closeQuietly(environment);
            stopJob();
        } else if (action instanceof Action.CleanUp) {
            cleanUp();
        } else if (action instanceof Action.Close) {
            association.close();
        } else if (action instanceof Action.AbortAssociation) {
            association.abort();
        } else if (action instanceof Action.End end) {
            end(end.outcome());
        }
        return Optional.empty();
    }

    private UploadSink sink(UploadFile file) {
        return file == UploadFile.INPUT ? input : environment;
    }

    /** Re-arms the one timer at the machine's deadline. */
    private void armTimer() {
        if (timer != null) timer.cancel(false);
        timer = null;
        OptionalLong deadline = session.nextDeadline();
        if (deadline.isEmpty() || loop.isShutdown()) return;
        long delay = Math.max(0, deadline.getAsLong() - nowMillis());
        try {
            timer = loop.schedule(() -> apply(new Event.Tick()), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the session has ended
        }
    }

    private Optional<Event> send(SspMessage message) {
        try {
            association.send(Protocol.SSP, SspCodec.INSTANCE.encode(message));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(new Event.SendFailed(message, String.valueOf(e.getMessage())));
        }
    }

    private Optional<Event> sendOutput() {
        if (!Files.isRegularFile(directory.output(), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(new Event.OutputFailed("no output.data to download"));
        }
        long sent = 0;
        try (InputStream in = Files.newInputStream(directory.output(), LinkOption.NOFOLLOW_LINKS)) {
            byte[] chunk = new byte[SspCodec.MAX_CHUNK];
            for (int n; (n = in.readNBytes(chunk, 0, chunk.length)) > 0; ) {
                Optional<Event> failed = send(new Download(n == chunk.length ? chunk : Arrays.copyOf(chunk, n)));
                if (failed.isPresent()) return failed;
                sent += n;
            }
        } catch (IOException e) {
            return Optional.of(new Event.OutputFailed("cannot read output.data: " + e.getMessage()));
        }
        // The job is over: the slot is free before the last Download goes out, so the pool user's next session,
        // which may follow within a millisecond of it, finds the slot free rather than a Not Ready.
        onSlotFree.accept(this);
        Optional<Event> failed = send(Download.endOfFile());
        if (failed.isPresent()) return failed;
        log.info("session {}: output.data downloaded ({} bytes); closing", id, sent);
        return Optional.of(new Event.OutputSent(sent));
    }

    // ---- the job

    /** Prepares and starts the job on the preparation pool; its outcome comes back as an event. */
    private void startJob(JobRequest request) {
        preparation = CompletableFuture.supplyAsync(() -> prepare(request), services.preparation());
        preparation.whenComplete((running, failure) -> {
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                post(cause instanceof Refusal r ? new Event.JobRefused(r.getMessage())
                        : failedOnWorker(cause.getMessage() == null ? cause.toString() : cause.getMessage()));
                return;
            }
            running.completion().whenComplete((result, jobFailure) -> {
                if (jobFailure != null) {
                    post(failedOnWorker(jobFailure.toString()));
                } else if (result.setUpFailed()) {
                    post(failedOnWorker("the job could not be set up: " + String.join("; ", result.messages())));
                } else if (result.outcome() == JobOutcome.DISK_LIMIT) {
                    post(stoppedAtDiskLimit(result));
                } else {
                    if (result.mayBeTheWorkers()) {
                        services.workerSide().accept(result.summary());
                    }
                    post(new Event.JobFinished(result.status(), result.hasOutput(), result.summary()));
                }
            });
        });
    }

    /**
     * A job that did not run for a reason of the worker's own: the worker is told (it checks itself), the pool user
     * gets a report that says so, or an abort when not even the report can be written.
     */
    private Event failedOnWorker(String why) {
        log.warn("session {}: the worker could not run the job: {}", id, why);
        services.workerSide().accept(why);
        try {
            RefusalReport.write(directory.output(), RefusalReport.workerFailureText(config.hostInfo(), id, why));
            return new Event.JobFailedOnWorker(why);
        } catch (IOException e) {
            log.warn("session {}: cannot write the report either: {}", id, e.toString());
            return new Event.JobNotRun(why);
        }
    }

    /**
     * A job killed at the disk bound (docs/sandbox.md): whatever it left as output.data is replaced by a report that
     * says so, sent with the job's non-zero Status; without a report the session aborts as for a missing output.
     */
    private Event stoppedAtDiskLimit(JobResult result) {
        long limit = services.runner().limits().maxDiskBytes();
        try {
            RefusalReport.write(directory.output(), RefusalReport.limitText(config.hostInfo(), id,
                    "its session directory grew past this worker's disk limit of " + (limit >> 20)
                            + " MiB (--max-session-disk)"));
            return new Event.JobFinished(result.status(), true, result.summary());
        } catch (IOException e) {
            log.warn("session {}: cannot write the disk limit report: {}", id, e.toString());
            return new Event.JobFinished(result.status(), false, result.summary());
        }
    }

    /** A refused work package, with the refusal report written. */
    private static final class Refusal extends RuntimeException {
        Refusal(String reason) {
            super(reason, null, false, false);
        }
    }

    /** check-environment (always passes: no keyring), cache store, the refusal checks, unpack, start ssrun. */
    private RunningJob prepare(JobRequest request) {
        request.uploadedEnvironment().ifPresent(uploaded -> {
            if (!request.announcedEnvironment().equals(Optional.of(uploaded))) {
                log.warn("session {}: the environment uploaded hashes to {}, not to the announced {}; cached under "
                        + "its own hash", id, uploaded, request.announcedEnvironment().orElse(null));
            }
            try {
                services.cache().store(id, uploaded, directory.environment());
            } catch (IOException | IllegalStateException e) {
                log.warn("session {}: cannot cache the environment: {}", id, e.getMessage());
            }
        });
        try {
            if (request.refusal().isPresent()) throw refuse(request.refusal().get());
            try {
                services.unpacker().unpack(id, directory.path());
            } catch (WorkPackageException e) {
                throw refuse(e.getMessage());
            }
            job = JobLabel.read(directory.path()).orElse("a work package");
            return services.runner().start(JobSpec.of(id, directory.path()).withEnvironment(request.withEnvironment()));
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    private Refusal refuse(String reason) throws IOException {
        log.warn("session {}: work package refused: {}", id, reason);
        RefusalReport.write(directory.output(), RefusalReport.text(config.hostInfo(), id, reason));
        return new Refusal(reason);
    }

    private void stopJob() {
        if (preparation == null) {
            return;
        }
        RunningJob running;
        try {
            running = preparation.get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException e) {
            return; // refused or not started: nothing runs
        } catch (TimeoutException e) {
            log.warn("session {}: preparation did not end within {} s; its job may run on", id, STOP_WAIT.toSeconds());
            return;
        }
        if (!running.isDone()) {
            running.kill();
            try {
                if (running.await(STOP_WAIT).isEmpty()) {
                    log.warn("session {}: ssrun did not end within {} s of being killed", id, STOP_WAIT.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- the end

    private void cleanUp() {
        if (config.keepTemp()) {
            log.info("session {}: keeping {}", id, directory);
            return;
        }
        try {
            directory.delete();
        } catch (IOException e) {
            log.warn("session {}: cannot remove {}: {}", id, directory, e.toString());
        }
    }

    private void end(String how) {
        if (how.contains("aborted") || how.contains("lost")) {
            log.warn("session {}: ended: {}", id, how);
        } else {
            log.info("session {}: ended: {}", id, how);
        }
        loop.shutdown();
        if (!ended.isDone()) {
            ended.complete(null);
            onEnd.accept(this);
        }
    }

    private static long nowMillis() {
        return System.nanoTime() / 1_000_000;
    }

    private void closeQuietly(UploadSink sink) {
        if (sink == null) {
            return;
        }
        try {
            sink.close();
        } catch (IOException e) {
            log.debug("session {}: closing {}: {}", id, sink.file(), e.toString());
        }
    }

    private void awaitQuietly(Future<?> handled) {
        try {
            handled.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.warn("session {}: handling a message failed", id, e.getCause());
        }
    }

    @Override
    public String toString() {
        return "session " + id + " on " + association.id();
    }
}
